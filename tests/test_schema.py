"""The structure check (kooplab.load.schema): its fast path never passes what jsonschema rejects."""

from __future__ import annotations

import copy
import json
import random

from kooplab.load import source
from kooplab.load.schema import Schemas
from kooplab.problems import Problems

from conftest import REPO


# --- validation at scale: the fast paths agree with the careful ones --------------------------------

VALUES = [None, True, False, 0, 3, -1, 17, 18, 2.5, 1.0, "", " ", "x", "abc", "2026-02-30", "2026-01-01",
          "https://example.org", "http://x", "DE-XX", "DE-NI", "a" * 600, [], [1, 1], ["a", "a"], [1, True], {},
          {"a": 1}, [{"goal": 3, "evidence": "Genug Text für einen Beleg."}]]


def _mutations(record, rng: random.Random, n: int):
    for _ in range(n):
        x = copy.deepcopy(record)
        for _ in range(rng.randint(1, 3)):
            paths = []

            def walk(o, path):
                paths.append(path)
                if isinstance(o, dict):
                    for k, v in o.items():
                        walk(v, path + (k,))
                elif isinstance(o, list):
                    for i, v in enumerate(o):
                        walk(v, path + (i,))
            walk(x, ())
            path = rng.choice(paths[1:])
            parent = x
            for part in path[:-1]:
                parent = parent[part]
            if rng.random() < 0.75 or not isinstance(parent, dict):
                parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
            elif rng.random() < 0.5:
                del parent[path[-1]]
            else:
                parent[f"x{path[-1]}"] = copy.deepcopy(rng.choice(VALUES))
        yield x


def test_fast_structure_check_never_passes_what_jsonschema_rejects(synthetic60):
    net, _, _ = synthetic60
    schemas = Schemas(REPO / "data/schema")
    rng = random.Random(8)
    checked = confirmed = 0
    for folder, name, reader in (("members", "member.schema.json", source.read_yaml),
                                 ("cases", "case.schema.json", source.read_front_matter),
                                 ("events", "event.schema.json", source.read_yaml)):
        for root in (REPO / "data", net.root / "data"):
            for path in sorted((root / folder).glob("*"))[:12]:
                doc = reader(path, path.name, Problems())
                record = source.iso(doc.data)
                assert schemas.fast_valid(name, "", record)  # valid records are confirmed quickly
                for mutated in _mutations(record, rng, 25):
                    valid = not any(True for _ in schemas.validator(name).iter_errors(mutated))
                    fast = schemas.fast_valid(name, "", mutated)
                    assert not (fast and not valid), json.dumps(mutated, ensure_ascii=False)[:400]
                    checked += 1
                    confirmed += fast
    assert checked > 1000 and confirmed > 50


