# One image for web, worker and beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=regeling.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build FIELD_ENCRYPTION_KEYS=ZmFrZS1rZXktZm9yLWNvbGxlY3RzdGF0aWMtb25seTE9 RESIDENCE_HASH_KEY=build \
    python manage.py collectstatic --noinput -v 0
RUN useradd --create-home regeling && mkdir -p /app/var && chown regeling /app/var
USER regeling
EXPOSE 8000
CMD ["gunicorn", "regeling.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
