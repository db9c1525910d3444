"""The portal's message catalogues (Finnish, Swedish, English), contributed as a locale plugin."""
