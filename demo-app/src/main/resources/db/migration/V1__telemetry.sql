-- Weather stations known to the hub.
create table stations (
  id        text primary key,
  name      text not null,
  latitude  double precision,
  longitude double precision
);

-- Readings as stations send them; id orders them by commit (see ReadingStore).
create table readings (
  id          bigint generated always as identity primary key,
  station_id  text not null,
  recorded_at timestamptz not null,
  temperature double precision not null,
  humidity    double precision not null,
  pressure    double precision not null,
  received_at timestamptz not null default now()
);
create index readings_station_recorded_at on readings (station_id, recorded_at);

-- File imports, idempotent by the file's checksum.
create table imports (
  id          text primary key,
  checksum    text not null unique,
  file_name   text not null,
  status      text not null,
  accepted    bigint not null default 0,
  rejected    bigint not null default 0,
  errors      jsonb,
  created_at  timestamptz not null default now(),
  finished_at timestamptz
);

-- Exports written to disk as gzip NDJSON.
create table exports (
  id          text primary key,
  status      text not null,
  rows        bigint not null default 0,
  bytes       bigint not null default 0,
  created_at  timestamptz not null default now(),
  finished_at timestamptz
);
