"""Print fresh secrets for a development var/.env: `python -m tools.devsecrets`.

Production sets these in its environment; they never go into the repository.
"""

import secrets

from cryptography.fernet import Fernet

if __name__ == "__main__":
    print(f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}")
    print(f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}")
    print(f"RESIDENCE_HASH_KEY={secrets.token_urlsafe(32)}")
    print(f"AUDIT_CHAIN_KEYS={secrets.token_urlsafe(32)}")
