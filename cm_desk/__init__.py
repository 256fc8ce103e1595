"""cm-desk: a desktop workstation for online community managers."""

__version__ = "0.1.0"
