"""Tests of the plain `spreadsheets` package (reading and writing files), which
need neither Django's database nor any app; and files.py, spreadsheets built
in code for the import tests."""
