"""Example municipal theme: Kauniainen / Grankulla."""
