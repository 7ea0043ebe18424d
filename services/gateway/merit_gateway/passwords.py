"""Password policy for people's logins (agency admins create them; NIST SP 800-63B, section 5.1.1.2).

Length over composition rules: at least 12 characters, not a commonly used password, not the username, not one
character repeated. The list is short on purpose (the most used passwords, Indonesian ones included); it stops
the guesses an attacker tries first.
"""

from __future__ import annotations

from merit_gateway.common.errors import WEAK_PASSWORD

MIN_LENGTH = 12
COMMON = frozenset({
    "123456789012", "1234567890123", "qwertyuiopas", "password1234", "passw0rd1234", "password123!", "administrator",
    "admin1234567", "adminadmin12", "iloveyou1234", "qwerty123456", "1q2w3e4r5t6y", "abcdefghijkl", "abc123456789",
    "welcome12345", "letmein12345", "rahasia12345", "rahasia123456", "bismillah123", "bismillah1234", "indonesia123",
    "indonesia1945", "merdeka12345", "jakarta12345", "sayang123456", "katasandi123", "passwordbaru", "pegawai12345",
    "bkpsdm123456", "tangsel12345", "changeme1234", "default12345", "00000000000000", "111111111111",
})


def check_password(password: str, username: str, field: str = "body.password") -> None:
    """Raise a 422 naming ``field`` when the password breaks the policy."""
    low = password.lower()
    why: tuple[str, str] | None = None
    if len(password) < MIN_LENGTH:
        why = (f"minimal {MIN_LENGTH} karakter", f"must be at least {MIN_LENGTH} characters long")
    elif low in COMMON or len(set(password)) == 1:
        why = ("terlalu umum dan mudah ditebak", "is too common and easy to guess")
    elif username and username.lower() in low:
        why = ("tidak boleh memuat nama pengguna", "must not contain the username")
    if why:
        raise WEAK_PASSWORD.error(field=field, value_1=why[0], value_2=why[1])
