import Foundation
import GRDB

/// The SQLite schema, as GRDB migrations. Append-only tables are enforced by triggers, so that even a program
/// that bypasses labelgate cannot UPDATE or DELETE audit, custody or revision rows without first dropping them.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-print") { db in
            try db.execute(sql: v2Print)
        }
        migrator.registerMigration("v3-read-path") { db in
            try db.execute(sql: v3ReadPath)
        }
        migrator.registerMigration("v4-audit-index") { db in
            try db.execute(sql: v4AuditIndex)
        }
        migrator.registerMigration("v5-print-fence") { db in
            try db.execute(sql: v5PrintFence)
        }
        return migrator
    }

    private static let v1 = """
        CREATE TABLE records (
            coi TEXT PRIMARY KEY NOT NULL,
            product_code TEXT NOT NULL,
            collection_facility TEXT NOT NULL,
            collection_date TEXT NOT NULL,
            gtin TEXT,
            family_name TEXT NOT NULL,
            given_name TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            medical_record_number TEXT,
            salt TEXT NOT NULL,
            revision INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE record_dins (
            din TEXT PRIMARY KEY NOT NULL,
            coi TEXT NOT NULL REFERENCES records(coi),
            position INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX record_dins_coi ON record_dins(coi, position);
        CREATE TABLE record_revisions (
            coi TEXT NOT NULL REFERENCES records(coi),
            revision INTEGER NOT NULL,
            snapshot TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            replaced_by TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (coi, revision)
        ) STRICT;
        CREATE TABLE labels (
            serial INTEGER PRIMARY KEY AUTOINCREMENT,
            coi TEXT NOT NULL REFERENCES records(coi),
            din TEXT NOT NULL REFERENCES record_dins(din),
            flags TEXT NOT NULL,
            state TEXT NOT NULL,
            hash_version INTEGER NOT NULL,
            template TEXT,
            batch TEXT,
            reprint_of INTEGER REFERENCES labels(serial),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX labels_coi ON labels(coi);
        CREATE INDEX labels_batch ON labels(batch) WHERE batch IS NOT NULL;
        CREATE TABLE custody_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            coi TEXT NOT NULL,
            serial TEXT,
            station TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX custody_events_coi ON custody_events(coi);
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            reason TEXT,
            details TEXT NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;

        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'labelgate: the audit trail is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'labelgate: the audit trail is append-only'); END;
        CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody_events
            BEGIN SELECT RAISE(ABORT, 'labelgate: custody events are append-only'); END;
        CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody_events
            BEGIN SELECT RAISE(ABORT, 'labelgate: custody events are append-only'); END;
        CREATE TRIGGER revisions_no_update BEFORE UPDATE ON record_revisions
            BEGIN SELECT RAISE(ABORT, 'labelgate: record revisions are append-only'); END;
        CREATE TRIGGER revisions_no_delete BEFORE DELETE ON record_revisions
            BEGIN SELECT RAISE(ABORT, 'labelgate: record revisions are append-only'); END;
        CREATE TRIGGER records_no_delete BEFORE DELETE ON records
            BEGIN SELECT RAISE(ABORT, 'labelgate: records are never deleted'); END;
        CREATE TRIGGER record_dins_no_change BEFORE UPDATE ON record_dins
            BEGIN SELECT RAISE(ABORT, 'labelgate: a DIN belongs to its record for good'); END;
        CREATE TRIGGER record_dins_no_delete BEFORE DELETE ON record_dins
            BEGIN SELECT RAISE(ABORT, 'labelgate: a DIN belongs to its record for good'); END;
        CREATE TRIGGER records_key_immutable BEFORE UPDATE OF coi, salt ON records
            BEGIN SELECT RAISE(ABORT, 'labelgate: a record keeps its COI and salt'); END;
        CREATE TRIGGER labels_no_delete BEFORE DELETE ON labels
            BEGIN SELECT RAISE(ABORT, 'labelgate: label serials are never deleted'); END;
        CREATE TRIGGER labels_identity_immutable
            BEFORE UPDATE OF serial, coi, din, flags, hash_version, reprint_of ON labels
            BEGIN SELECT RAISE(ABORT, 'labelgate: a label keeps its identity'); END;
        """
}
