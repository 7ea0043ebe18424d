"""Ten concurrent editors of a draft selection holding the same ETag: exactly one wins, nine get 412, the version
moves by one (``merit_shared.concurrency``: the row is locked and its version re-read before comparing)."""

from __future__ import annotations

import asyncio
from typing import Any

N = 10


async def test_recruitment_selection_patch_one_writer_wins(world: Any) -> None:
    sel = await world.selection()
    url = f"/api/v1/selections/{sel['id']}"
    first = await world.c.get(url, headers=world.admin)
    etag = first.headers["ETag"]
    answers = await asyncio.gather(*[world.c.patch(url, json={"title": f"Seleksi Terbuka Nomor {i}"},
                                                   headers={**world.admin, "If-Match": etag}) for i in range(N)])
    assert sorted(r.status_code for r in answers) == [200] + [412] * (N - 1), [r.text for r in answers]
    after = await world.c.get(url, headers=world.admin)
    winner = next(r for r in answers if r.status_code == 200)
    assert after.json()["title"] == winner.json()["title"]
    # the winner's version (a read's ETag adds a digest of what was shown: merit_shared.conventions)
    assert after.headers["ETag"].split(".")[0].strip('"') == winner.headers["ETag"].strip('"') != etag
