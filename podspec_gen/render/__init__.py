"""Stage 3: the outputs, one package each (python, fast, schema, docs, pydantic), run by
`podspec_gen.render.run`; `job` and `format` are what they share."""
