CREATE TABLE "replicas" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"host" text COLLATE "C" NOT NULL,
	"pid" integer NOT NULL,
	"started_at" bigint NOT NULL,
	"seen_at" bigint NOT NULL,
	"applied_version" bigint NOT NULL,
	"last_probe_at" bigint
);
