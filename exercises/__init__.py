"""The built-in exercise packs (YAML), shipped as package data `tutor.exercises`."""
