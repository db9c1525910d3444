"""Strong identification for ebiblio-portal over OpenID Connect, as Suomi.fi e-Identification offers it."""
