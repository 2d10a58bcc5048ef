"""warlosses: Russia's losses in its war against Ukraine, from the reports people read."""

__version__ = "0.1.0"
