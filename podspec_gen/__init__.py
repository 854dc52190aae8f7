"""podspec-gen: one declarative spec of the Kubernetes PodSpec, three generated outputs."""

__version__ = "0.1.0"
