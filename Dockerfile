# One image for web, worker and beat.
# A pinned base (patch release and Debian release), rebuilt when either gets a security fix.
FROM python:3.11.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=regeling.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client fonts-noto-core=20201225-1 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build FIELD_ENCRYPTION_KEYS=ZmFrZS1rZXktZm9yLWNvbGxlY3RzdGF0aWMtb25seTE9 RESIDENCE_HASH_KEY=build \
    python manage.py collectstatic --noinput -v 0
# A numeric non-root user, so Kubernetes' runAsNonRoot can verify it (deploy/kubernetes/).
RUN useradd --create-home --uid 10001 regeling && mkdir -p /app/var && chown regeling /app/var
USER 10001
EXPOSE 8000
CMD ["gunicorn", "regeling.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
