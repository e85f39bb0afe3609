"""The terminal side of manchette: the Textual browser and the command line."""
