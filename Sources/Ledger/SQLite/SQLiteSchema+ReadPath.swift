/// Migration `v3-read-path`: one B-tree walk finds everything a verification needs about a record.
///
/// A verification reads the label by serial, then its record. Before v3 the record cost four walks (the COI
/// index, the table, the DIN index, the DIN rows); at a million records each walk is a cache miss or two, and
/// those misses were most of a verification's time. Now:
/// - `records.dins` lists the record's DINs (space-separated, in position order). `record_dins` stays the one
///   source: the column is written only by the `record_dins_listed` trigger, and any other value is refused.
/// - `records_verification` is a covering index of the columns a verification reads, so the record is one walk
///   of that index. SQLite keeps an index consistent with its table inside every transaction; it is not a copy
///   anything could let drift.
extension SQLiteSchema {
    /// The record's DIN list as `record_dins` holds it, for `coi_expression`.
    private static func dinList(_ coiExpression: String) -> String {
        """
        coalesce((SELECT group_concat(din, ' ') FROM (SELECT din FROM record_dins d
            WHERE d.coi = \(coiExpression) ORDER BY position)), '')
        """
    }

    static let v3ReadPath = """
        ALTER TABLE records ADD COLUMN dins TEXT NOT NULL DEFAULT '';
        UPDATE records SET dins = \(dinList("records.coi"));
        CREATE TRIGGER records_dins_empty_at_insert BEFORE INSERT ON records WHEN NEW.dins <> ''
            BEGIN SELECT RAISE(ABORT, 'labelgate: records.dins is derived from record_dins'); END;
        CREATE TRIGGER records_dins_derived BEFORE UPDATE OF dins ON records
            WHEN NEW.dins IS NOT \(dinList("NEW.coi"))
            BEGIN SELECT RAISE(ABORT, 'labelgate: records.dins is derived from record_dins'); END;
        CREATE TRIGGER record_dins_listed AFTER INSERT ON record_dins
            BEGIN UPDATE records SET dins = \(dinList("NEW.coi")) WHERE coi = NEW.coi; END;
        CREATE INDEX records_verification ON records(
            coi, product_code, collection_facility, collection_date, gtin, family_name, given_name, date_of_birth,
            medical_record_number, salt, revision, dins);
        """

    /// `step.completed` rows, indexed apart so that restoring the two-operator state at start reads only them.
    static let v4AuditIndex = """
        CREATE INDEX audit_log_steps_completed ON audit_log (seq) WHERE action = 'step.completed';
        """
}
