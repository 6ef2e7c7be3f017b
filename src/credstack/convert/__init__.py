"""Converters from published formats into credstack catalogues (`credstack convert`)."""
