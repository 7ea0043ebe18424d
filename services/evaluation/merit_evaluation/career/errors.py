"""Error codes of merit_evaluation.career: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_CANDIDATES_READ = Spec(
    "forbidden", 403,
    "Kandidat suatu jabatan dibaca admin instansi, admin unit (pegawai subtree-nya) atau PPK; pegawai dan atasan "
    "membaca rencana karier masing-masing di /career-plans/{{employee_id}}.",
    "A position's candidates are read by the agency admin, a unit admin (people of their subtree) or the PPK; "
    "employees and supervisors read each person's career plan at /career-plans/{{employee_id}}.",
)
