"""Reads feeds with Debian's python3-feedparser and prints what it understood, as JSON."""
import json
import sys
import time

import feedparser

out = {}
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    out[path] = {
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "title": d.feed.get("title"),
        "language": d.feed.get("language"),
        "entries": [
            {
                "id": e.get("id"),
                "title": e.get("title"),
                "link": e.get("link"),
                "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", e.published_parsed) if e.get("published_parsed") else (time.strftime("%Y-%m-%dT%H:%M:%SZ", e.updated_parsed) if e.get("updated_parsed") else None),
                "content": (e.get("content") or [{}])[0].get("value") or e.get("summary"),
            }
            for e in d.entries
        ],
    }
print(json.dumps(out))
