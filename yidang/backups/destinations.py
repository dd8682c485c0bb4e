"""Where backups are kept: a folder (another disk, a mounted share) or an S3 bucket (the off-site copy).

Both look the same to the rest of the app: a tree of files under a root, addressed by relative
``a/b/c`` paths. ``put_atomic`` is how the manifest is written: a folder writes a temporary name,
syncs and renames; S3 publishes an object only once it is whole. So a reader sees the manifest
complete or not at all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from yidang.core.errors import DomainError

CHUNK = 1024 * 1024


class Destination(Protocol):
    url: str

    def child(self, name: str) -> Destination: ...
    def put(self, relpath: str, fh: IO[bytes]) -> None: ...
    def put_atomic(self, relpath: str, data: bytes) -> None: ...
    def open(self, relpath: str) -> Any: ...
    def exists(self, relpath: str) -> bool: ...
    def files(self, prefix: str = "") -> Iterator[tuple[str, int]]: ...
    def children(self) -> list[str]: ...
    def remove(self) -> None: ...


def destination_from(url: str) -> Destination:
    """``s3://bucket/prefix`` or a folder path (``file://`` accepted)."""
    url = url.strip()
    if not url:
        raise DomainError(_("没有指定备份位置"))
    if url.startswith("s3://"):
        parsed = urlparse(url)
        if not parsed.netloc:
            raise DomainError(_("S3 位置应写成 s3://存储桶/前缀，缺少存储桶：%(url)s") % {"url": url})
        return S3Destination(parsed.netloc, parsed.path.strip("/"))
    if "://" in url and not url.startswith("file://"):
        raise DomainError(_("不支持的备份位置 %(url)s：请用文件夹路径或 s3://存储桶/前缀") % {"url": url})
    return FolderDestination(Path(url.removeprefix("file://")))


def _clean(relpath: str) -> str:
    """A relative path that cannot climb out of its root (manifests are data from outside)."""
    path = PurePosixPath(relpath)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise DomainError(_("备份中的路径不合法：%(path)s") % {"path": relpath})
    return str(path)


class FolderDestination:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = str(root)

    def child(self, name: str) -> FolderDestination:
        return FolderDestination(self.root / _clean(name))

    def _path(self, relpath: str) -> Path:
        return self.root / _clean(relpath)

    def put(self, relpath: str, fh: IO[bytes]) -> None:
        path = self._path(relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            shutil.copyfileobj(fh, out, CHUNK)

    def put_atomic(self, relpath: str, data: bytes) -> None:
        path = self._path(relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself survives a power cut
        finally:
            os.close(dir_fd)

    def open(self, relpath: str) -> IO[bytes]:
        return open(self._path(relpath), "rb")

    def exists(self, relpath: str) -> bool:
        return self._path(relpath).is_file()

    def files(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        base = self._path(prefix) if prefix else self.root
        if not base.is_dir():
            return
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                full = Path(dirpath) / name
                yield full.relative_to(self.root).as_posix(), full.stat().st_size

    def children(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class S3Destination:
    """An S3 bucket (or any S3-protocol store). Credentials and endpoint: boto3's usual sources
    (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL_S3``, ``~/.aws``)."""

    def __init__(self, bucket: str, prefix: str, client: Any = None) -> None:
        import boto3

        self.bucket, self.prefix = bucket, prefix
        self.client = client or boto3.client("s3")
        self.url = f"s3://{bucket}/{prefix}".rstrip("/")

    def _key(self, relpath: str) -> str:
        return f"{self.prefix}/{_clean(relpath)}" if self.prefix else _clean(relpath)

    def child(self, name: str) -> S3Destination:
        return S3Destination(self.bucket, self._key(name), self.client)

    def put(self, relpath: str, fh: IO[bytes]) -> None:
        self.client.upload_fileobj(fh, self.bucket, self._key(relpath))

    def put_atomic(self, relpath: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(relpath), Body=data)

    @contextmanager
    def open(self, relpath: str) -> Iterator[IO[bytes]]:
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(relpath))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise FileNotFoundError(self._key(relpath)) from exc
            raise
        try:
            yield body
        finally:
            body.close()

    def exists(self, relpath: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(relpath))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NotFound"}:
                return False
            raise
        return True

    def _objects(self, prefix: str, **extra: Any) -> Iterator[dict[str, Any]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix, **extra)
        yield from pages

    def files(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        root = f"{self.prefix}/" if self.prefix else ""
        start = self._key(prefix) + "/" if prefix else root
        for page in self._objects(start):
            for obj in page.get("Contents", []):
                yield obj["Key"][len(root) :], obj["Size"]

    def children(self) -> list[str]:
        root = f"{self.prefix}/" if self.prefix else ""
        names = []
        for page in self._objects(root, Delimiter="/"):
            names += [p["Prefix"][len(root) :].rstrip("/") for p in page.get("CommonPrefixes", [])]
        return sorted(names)

    def remove(self) -> None:
        keys = [{"Key": key} for page in self._objects(self.prefix + "/") for key in _keys(page)]
        for start in range(0, len(keys), 1000):
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys[start : start + 1000]})


def _keys(page: dict[str, Any]) -> list[str]:
    return [obj["Key"] for obj in page.get("Contents", [])]
