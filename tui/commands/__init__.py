"""One module per `manchette` sub-command, each with add_parser() and run()."""
