"""Demo data for development (filled in below as the domain services grow)."""

import sys

if __name__ == "__main__":
    print(f"demo data: nothing to load yet at {sys.argv[1]}")
