"""Forms of the programme pages, one module per audience (see views/)."""
