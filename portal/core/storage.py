"""Where uploaded files live: the local folder in instance/ by default, or any S3-compatible object
store (MinIO, Aliyun OSS, Huawei OBS all speak it) when ``UPLOAD_S3_BUCKET`` is set, through boto3.

Names are ours (``secrets.token_hex`` + a known extension), never a user's. Every server of a
deployment sees the same files through the object store; the local folder suits one machine only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


class StoreUnavailable(RuntimeError):
    """The object store did not answer (or refused): nothing was written."""


def _checked(name: str) -> str:
    # stored names are ours (hex + known extension); refuse anything else outright
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(name)
    return name


class LocalStore:
    def __init__(self, folder: str):
        self.folder = Path(folder)

    def path(self, name: str) -> Path:
        return self.folder / _checked(name)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path(name).write_bytes(data)

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def names(self) -> list[str]:
        if not self.folder.exists():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.is_file() or p.is_symlink())

    def signed_url(self, name: str, download_name: str, content_type: str) -> str | None:
        return None

    def check(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)


class S3Store:
    def __init__(self, config):
        import boto3
        from botocore.config import Config

        timeout = config["UPLOAD_S3_TIMEOUT"]
        self.bucket = config["UPLOAD_S3_BUCKET"]
        self.prefix = config["UPLOAD_S3_PREFIX"]
        self.signed_seconds = config["UPLOAD_SIGNED_URL_SECONDS"]
        self.client = boto3.client(
            "s3",
            endpoint_url=config["UPLOAD_S3_ENDPOINT"] or None,
            region_name=config["UPLOAD_S3_REGION"] or None,
            aws_access_key_id=config["UPLOAD_S3_ACCESS_KEY"] or None,
            aws_secret_access_key=config["UPLOAD_S3_SECRET_KEY"] or None,
            config=Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 2}),
        )

    def key(self, name: str) -> str:
        return self.prefix + _checked(name)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=self.key(name), Body=data, ContentType=content_type)
        except (BotoCoreError, ClientError) as err:
            log.error("object store refused %s: %s", name, err)
            raise StoreUnavailable(str(err)) from err

    def read(self, name: str) -> bytes:
        return self.open(name).read()

    def open(self, name: str):
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key(name))["Body"]
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(name) from err
            raise

    def chunks(self, name: str) -> Iterator[bytes]:
        body = self.open(name)
        try:
            yield from body.iter_chunks(64 * 1024)
        finally:
            body.close()

    def exists(self, name: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(name))
            return True
        except ClientError:
            return False

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(name))

    def names(self) -> list[str]:
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            found += [item["Key"][len(self.prefix) :] for item in page.get("Contents", [])]
        return sorted(found)

    def signed_url(self, name: str, download_name: str, content_type: str) -> str | None:
        if not self.signed_seconds:
            return None
        from urllib.parse import quote

        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": self.key(name),
                "ResponseContentType": content_type,
                "ResponseContentDisposition": f"attachment; filename*=UTF-8''{quote(download_name, safe='')}",
            },
            ExpiresIn=self.signed_seconds,
        )

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)


def get_store():
    """The app's store, built once per app."""
    store = current_app.extensions.get("upload_store")
    if store is None:
        cfg = current_app.config
        store = S3Store(cfg) if cfg["UPLOAD_S3_BUCKET"] else LocalStore(cfg["UPLOAD_FOLDER"])
        current_app.extensions["upload_store"] = store
    return store
