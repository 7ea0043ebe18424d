"""The portal's one cache (``merit_shared.public.PublicCache``): dropped when this process changes a selection."""

from merit_shared.public import PublicCache

PUBLIC_CACHE = PublicCache()
