"""How the database's refusals of the registry's constraints are answered (``merit_shared.db_errors``).

The rules answer first with precise messages; these catch two concurrent requests racing past the checks."""

from __future__ import annotations

from merit_shared.db_errors import ConstraintRule

CONSTRAINTS: dict[str, ConstraintRule] = {
    "uq_org_units_code_ci": ConstraintRule(
        "unit_code_taken", 'Kode unit sudah dipakai di instansi ini (huruf besar/kecil tidak dibedakan); pilih kode lain.',
        'This unit code is already used in the agency (letter case is ignored); choose another code.',
        field='body.code'),
    "uq_jobs_code_ci": ConstraintRule(
        "job_code_taken", 'Kode jabatan sudah dipakai (huruf besar/kecil tidak dibedakan); pilih kode lain.',
        'This job code is already used (letter case is ignored); choose another code.',
        field='body.code'),
    "uq_positions_code_ci": ConstraintRule(
        "position_code_taken", 'Kode jabatan sudah dipakai (huruf besar/kecil tidak dibedakan); pilih kode lain.',
        'This position code is already used (letter case is ignored); choose another code.',
        field='body.code'),
    "uq_positions_one_head_per_unit": ConstraintRule(
        "unit_has_head", 'Unit ini sudah memiliki jabatan kepala; satu unit hanya boleh memiliki satu jabatan kepala. '
        'Ubah is_head jabatan kepala itu dulu.',
        'This unit already has a head position; a unit has at most one. Clear is_head on that head position first.',
        field='body.is_head'),
    "uq_employees_nip": ConstraintRule(
        "nip_taken", 'NIP ini sudah terdaftar di instansi ini; perbarui pegawai itu.',
        'This NIP is already registered in the agency; update that employee instead.',
        field='body.nip'),
    "uq_employees_nip_active": ConstraintRule(
        "nip_active_elsewhere", 'NIP ini masih aktif di instansi lain; satu orang hanya aktif di satu instansi. Untuk '
        'memindahkannya ke instansi ini, instansi asal melepasnya lewat POST /api/v1/transfers, lalu terima mutasi itu.',
        'This NIP is still active in another agency; a person is active in one agency only. To move them here, the '
        'origin agency releases them with POST /api/v1/transfers, then accept that transfer.',
        field='body.nip'),
    "uq_transfers_one_open": ConstraintRule(
        "transfer_pending", 'Pegawai ini sudah dilepas dalam mutasi yang belum berlaku (belum diputuskan, atau '
        'diterima dan menunggu TMT); selesaikan mutasi itu dulu.',
        'This employee is already released in a transfer not yet in effect (undecided, or accepted and waiting for '
        'its TMT); settle that transfer first.',
        field='body.employee_id'),
    "uq_employee_ranks_tmt": ConstraintRule(
        "rank_tmt_taken", 'Sudah ada golongan dengan TMT ini; perbaiki TMT-nya.',
        'A rank with this TMT already exists; correct the TMT.',
        field='body.tmt'),
    "agencies_code_key": ConstraintRule(
        "agency_code_taken", 'Kode instansi sudah dipakai; pilih kode lain.',
        'This agency code is already used; choose another code.',
        field='body.code'),
    "agencies_pkey": ConstraintRule(
        "agency_exists", 'Instansi dengan id ini sudah ada.',
        'An agency with this id already exists.',
        field='body.id'),
    "uq_moves_employee": ConstraintRule(
        "duplicate_employee", 'Seorang pegawai hanya boleh muncul sekali dalam satu usulan.',
        'An employee may appear only once in a proposal.',
        field='body.moves'),
    "ex_assignments_one_definitive_per_employee": ConstraintRule(
        "employee_has_definitive",
        'Pegawai masih memegang jabatan definitif pada periode itu. Kirim end_current_definitive=true untuk '
        'mengakhirinya sehari sebelum tmt_start, atau akhiri penugasan itu dulu.',
        'The employee still holds a definitive position in that period. Send end_current_definitive=true to end it '
        'the day before tmt_start, or end that assignment first.'),
    "ex_assignments_one_holder_per_managerial_seat": ConstraintRule(
        "seat_filled", 'Semua kebutuhan jabatan ini sudah terisi pemangku definitif pada periode itu. Akhiri penugasan '
        'pemangku lama dulu, atau pilih jabatan lain.',
        'All seats of this position are taken by definitive holders in that period. End the current holder\'s assignment '
        'first, or choose another position.',
        ),
    "ck_assignments_seats": ConstraintRule(
        "seat_filled", 'Semua kebutuhan jabatan ini sudah terisi pemangku definitif pada periode itu. Akhiri penugasan '
        'pemangku lama dulu, atau pilih jabatan lain.',
        'All seats of this position are taken by definitive holders in that period. End the current holder\'s assignment '
        'first, or choose another position.'),
    "ex_assignments_one_acting_per_position": ConstraintRule(
        "acting_exists", 'Jabatan ini sudah memiliki Plt/Plh pada periode itu; akhiri penugasan itu dulu.',
        'This position already has an acting official in that period; end that assignment first.',
        ),
    "seat_overfilled": ConstraintRule(
        "seat_filled", 'Semua kebutuhan jabatan ini sudah terisi pemangku definitif pada periode itu. Akhiri penugasan '
        'pemangku lama dulu, atau pilih jabatan lain.',
        'All seats of this position are taken by definitive holders in that period. End the current holder\'s assignment '
        'first, or choose another position.'),
    "ck_positions_head_managerial": ConstraintRule(
        "head_requires_managerial_job",
        'Jabatan kepala unit harus jabatan manajerial (JPT, Administrator atau Pengawas) dengan tepat 1 kebutuhan; '
        'pilih jabatan manajerial atau isi is_head false.',
        "A unit's head position must be managerial (JPT, Administrator or Pengawas) with exactly 1 seat; choose a "
        'managerial job or set is_head to false.',
        field='body.is_head', status=422),
}
