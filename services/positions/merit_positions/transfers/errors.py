"""Error codes of merit_positions.transfers: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

TRANSFER_SAME_AGENCY = Spec(
    "transfer_same_agency", 422,
    "Instansi tujuan sama dengan instansi asal; mutasi di dalam instansi memakai penugasan atau usulan mutasi.",
    "The destination agency is the origin agency; a move inside the agency is an assignment or a personnel action.",
)

TRANSFER_EMPLOYEE_NOT_ACTIVE = Spec(
    "transfer_employee_not_active", 409,
    "Hanya pegawai yang masih aktif (aktif, cuti, tugas belajar) yang dapat dilepas; status pegawai ini {status}.",
    "Only a serving employee (active, on leave, on study) can be released; this employee's status is {status}.",
)

TRANSFER_PENDING = Spec(
    "transfer_pending", 409,
    "Pegawai ini sudah dilepas dalam mutasi yang belum berlaku (belum diputuskan, atau diterima dan menunggu TMT); "
    "selesaikan mutasi itu dulu.",
    "This employee is already released in a transfer not yet in effect (undecided, or accepted and waiting for its "
    "TMT); settle that transfer first.",
)

TRANSFER_NOT_OPEN = Spec(
    "transfer_not_open", 409,
    "Mutasi ini sudah {status}; hanya mutasi berstatus RELEASED yang dapat diterima, ditolak atau dibatalkan.",
    "This transfer is already {status}; only a RELEASED transfer can be accepted, declined or cancelled.",
)

TRANSFER_NOT_DESTINATION = Spec(
    "transfer_not_destination", 403,
    "Hanya admin instansi tujuan yang dapat menerima atau menolak mutasi ini.",
    "Only an admin of the destination agency can accept or decline this transfer.",
)

TRANSFER_NOT_ORIGIN = Spec(
    "transfer_not_origin", 403,
    "Hanya admin instansi asal yang dapat membatalkan mutasi ini.",
    "Only an admin of the origin agency can cancel this transfer.",
)

TRANSFER_TMT_BEFORE_SK = Spec(
    "transfer_tmt_before_sk", 422,
    "TMT mutasi {tmt} lebih awal dari tanggal SK {sk_date}; TMT berlaku sejak atau sesudah SK ditetapkan.",
    "The transfer TMT {tmt} is before the SK date {sk_date}; a TMT takes effect on or after the SK.",
)

TRANSFER_ASSIGNMENT_AFTER_TMT = Spec(
    "transfer_assignment_after_tmt", 409,
    "Penugasan {assignment_id} dimulai {tmt_start}, pada atau sesudah TMT mutasi {tmt}; akhiri atau batalkan "
    "penugasan itu dulu.",
    "Assignment {assignment_id} starts on {tmt_start}, on or after the transfer TMT {tmt}; end or remove that "
    "assignment first.",
)

TRANSFER_DESTINATION_RECORD_CLOSED = Spec(
    "transfer_destination_record_closed", 409,
    "Instansi tujuan sudah memiliki data pegawai dengan NIP ini berstatus {status}; data itu tidak dapat dipakai "
    "kembali untuk mutasi.",
    "The destination agency already has a record with this NIP with status {status}; it cannot be reused for a "
    "transfer.",
)

TRANSFER_SCHEDULED = Spec(
    "transfer_scheduled", 409,
    "Mutasi ini sudah diterima instansi tujuan dan berlaku pada TMT {tmt}; pembatalan perlu persetujuan tujuan: admin "
    "instansi tujuan mencabut penerimaannya dulu (sebelum TMT), lalu instansi asal dapat membatalkan.",
    "This transfer was accepted by the destination and takes effect on its TMT {tmt}; cancelling it needs the "
    "destination's agreement: its admin revokes the acceptance first (before the TMT), then the origin can cancel.",
)

TRANSFER_NOT_SCHEDULED = Spec(
    "transfer_not_scheduled", 409,
    "Mutasi ini berstatus {status}; hanya penerimaan yang menunggu TMT (SCHEDULED) yang dapat dicabut.",
    "This transfer is {status}; only an acceptance waiting for its TMT (SCHEDULED) can be revoked.",
)
