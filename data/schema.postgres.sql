-- reliefctl ledger schema, version 7 (postgresql).
-- GENERATED from src/reliefctl/db/models.py by `python -m reliefctl.db.generate`;
-- do not edit by hand (tests/test_schema.py fails when this file and the models disagree).
-- Every table but meta is append-only: triggers refuse UPDATE and DELETE. A correction is a
-- void entry whose reversal rows carry the original's date with the signs flipped.

CREATE TABLE entry_kinds (
    code VARCHAR(1) COLLATE "C" NOT NULL,
    name VARCHAR(40) COLLATE "C" NOT NULL,
    PRIMARY KEY (code)
);

CREATE TABLE meta (
    key VARCHAR(40) COLLATE "C" NOT NULL,
    value VARCHAR(200) COLLATE "C" NOT NULL,
    PRIMARY KEY (key)
);

CREATE TABLE entries (
    seq INTEGER NOT NULL,
    id VARCHAR(20) COLLATE "C" NOT NULL,
    kind VARCHAR(1) COLLATE "C" NOT NULL,
    kind_no INTEGER NOT NULL,
    event_date VARCHAR(10) COLLATE "C" NOT NULL,
    recorded_at VARCHAR(40) COLLATE "C" NOT NULL,
    operator VARCHAR(100) COLLATE "C" NOT NULL,
    ref VARCHAR(100) COLLATE "C",
    note VARCHAR(2000) COLLATE "C",
    prev_hash VARCHAR(64) COLLATE "C" NOT NULL,
    hash VARCHAR(64) COLLATE "C" NOT NULL,
    ref_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (seq),
    CONSTRAINT uq_entries_kind_no UNIQUE (kind, kind_no),
    UNIQUE (id),
    FOREIGN KEY(kind) REFERENCES entry_kinds (code),
    UNIQUE (hash)
);

CREATE TABLE batches (
    id INTEGER NOT NULL,
    label VARCHAR(100) COLLATE "C" NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    label_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (id),
    UNIQUE (label),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE beneficiary_groups (
    id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE funds (
    id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE items (
    id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    unit VARCHAR(100) COLLATE "C" NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE settings (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name VARCHAR(40) COLLATE "C" NOT NULL,
    value VARCHAR(200) COLLATE "C" NOT NULL,
    PRIMARY KEY (entry_id, name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE townships (
    id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE voids (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    voided_entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    reason VARCHAR(2000) COLLATE "C" NOT NULL,
    PRIMARY KEY (entry_id),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    UNIQUE (voided_entry_id),
    FOREIGN KEY(voided_entry_id) REFERENCES entries (id)
);

CREATE TABLE allocations (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    fund_id INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C",
    amount_fen BIGINT NOT NULL,
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_allocations_amount CHECK (amount_fen <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(fund_id) REFERENCES funds (id)
);

CREATE TABLE fund_budgets (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    fund_id INTEGER NOT NULL,
    amount_fen BIGINT NOT NULL,
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_fund_budgets_positive CHECK (amount_fen > 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(fund_id) REFERENCES funds (id)
);

CREATE TABLE item_packs (
    id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    size BIGINT NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C" NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE kit_components (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    kit_id INTEGER NOT NULL,
    component_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_kit_components_qty CHECK (qty > 0),
    CONSTRAINT uq_kit_components UNIQUE (kit_id, component_id),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(kit_id) REFERENCES items (id),
    FOREIGN KEY(component_id) REFERENCES items (id)
);

CREATE TABLE locations (
    id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    township_id INTEGER,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C" NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE units (
    id INTEGER NOT NULL,
    name VARCHAR(100) COLLATE "C" NOT NULL,
    township_id INTEGER NOT NULL,
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    name_key VARCHAR(400) COLLATE "C",
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE assembly_lines (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    role VARCHAR(20) COLLATE "C" NOT NULL,
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_assembly_lines_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE TABLE count_lines (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    book_qty BIGINT NOT NULL,
    counted_qty BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id, line_no),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE TABLE grants (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    township_id INTEGER NOT NULL,
    unit_id INTEGER,
    fund_id INTEGER,
    batch_id INTEGER,
    group_id INTEGER,
    amount_fen BIGINT NOT NULL,
    people BIGINT NOT NULL,
    grants INTEGER NOT NULL,
    purpose VARCHAR(2000) COLLATE "C",
    households BIGINT,
    repeat_reason VARCHAR(2000) COLLATE "C",
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_grants_amount CHECK (amount_fen <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(unit_id) REFERENCES units (id),
    FOREIGN KEY(fund_id) REFERENCES funds (id),
    FOREIGN KEY(batch_id) REFERENCES batches (id),
    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)
);

CREATE TABLE purchases (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    unit_price VARCHAR(40) COLLATE "C",
    supplier VARCHAR(2000) COLLATE "C",
    fund_id INTEGER,
    location_id INTEGER,
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_purchases_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(fund_id) REFERENCES funds (id),
    FOREIGN KEY(location_id) REFERENCES locations (id)
);

CREATE TABLE receipts (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    source VARCHAR(20) COLLATE "C" NOT NULL,
    giver VARCHAR(2000) COLLATE "C",
    unit_value VARCHAR(40) COLLATE "C",
    of_entry_id VARCHAR(20) COLLATE "C",
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_receipts_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(of_entry_id) REFERENCES entries (id)
);

CREATE TABLE recipient_lines (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    batch_id INTEGER,
    township_id INTEGER NOT NULL,
    unit_id INTEGER,
    group_id INTEGER,
    id_type VARCHAR(10) COLLATE "C" NOT NULL,
    person_hash VARCHAR(64) COLLATE "C" NOT NULL,
    masked_name VARCHAR(400) COLLATE "C" NOT NULL,
    household_hash VARCHAR(64) COLLATE "C",
    amount_fen BIGINT,
    persons INTEGER NOT NULL,
    lists INTEGER NOT NULL,
    people BIGINT NOT NULL,
    purpose_key VARCHAR(400) COLLATE "C",
    period_key VARCHAR(20) COLLATE "C",
    claim_no INTEGER,
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_recipient_lines_persons CHECK (persons IN (1, -1)),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(batch_id) REFERENCES batches (id),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(unit_id) REFERENCES units (id),
    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)
);

CREATE TABLE shipment_lines (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    batch_id INTEGER NOT NULL,
    township_id INTEGER NOT NULL,
    unit_id INTEGER,
    group_id INTEGER,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    people BIGINT NOT NULL,
    deliveries INTEGER NOT NULL,
    location_id INTEGER,
    households BIGINT,
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_shipment_lines_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(batch_id) REFERENCES batches (id),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(unit_id) REFERENCES units (id),
    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(location_id) REFERENCES locations (id)
);

CREATE TABLE transfer_lines (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    from_location_id INTEGER NOT NULL,
    to_location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_transfer_lines_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(from_location_id) REFERENCES locations (id),
    FOREIGN KEY(to_location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE TABLE writeoff_lines (
    entry_id VARCHAR(20) COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) COLLATE "C" NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    reason VARCHAR(20) COLLATE "C" NOT NULL,
    qty_text VARCHAR(200) COLLATE "C",
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_writeoff_lines_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE INDEX ix_entries_event_date ON entries (event_date);

CREATE INDEX ix_entries_kind_ref ON entries (kind, ref);

CREATE INDEX ix_entries_kind_ref_key ON entries (kind, ref_key, ref);

CREATE UNIQUE INDEX uq_batches_label_key ON batches (label_key);

CREATE UNIQUE INDEX uq_beneficiary_groups_name_key ON beneficiary_groups (name_key);

CREATE UNIQUE INDEX uq_funds_name_key ON funds (name_key);

CREATE UNIQUE INDEX uq_items_name_key ON items (name_key);

CREATE UNIQUE INDEX uq_townships_name_key ON townships (name_key);

CREATE INDEX ix_allocations_fund ON allocations (fund_id, date, amount_fen);

CREATE INDEX ix_fund_budgets_fund_id ON fund_budgets (fund_id);

CREATE UNIQUE INDEX uq_item_packs_item_name_key ON item_packs (item_id, name_key);

CREATE UNIQUE INDEX uq_locations_name_key ON locations (name_key);

CREATE UNIQUE INDEX uq_units_name_key ON units (name_key);

CREATE INDEX ix_assembly_lines_item_date ON assembly_lines (item_id, date);

CREATE INDEX ix_count_lines_item_location ON count_lines (item_id, location_id, date);

CREATE INDEX ix_grants_date ON grants (date);

CREATE INDEX ix_grants_fund ON grants (fund_id, amount_fen);

CREATE INDEX ix_purchases_fund ON purchases (fund_id, total_fen);

CREATE INDEX ix_purchases_item_date ON purchases (item_id, date, qty, total_fen);

CREATE INDEX ix_receipts_item_date ON receipts (item_id, date);

CREATE INDEX ix_recipient_lines_person ON recipient_lines (person_hash, date);

CREATE INDEX ix_recipient_lines_report ON recipient_lines (batch_id, township_id, date, person_hash);

CREATE UNIQUE INDEX uq_recipient_lines_claim ON recipient_lines (purpose_key, period_key, person_hash, claim_no) WHERE persons > 0 AND claim_no IS NOT NULL;

CREATE INDEX ix_shipment_lines_households ON shipment_lines (batch_id, township_id, date, households) WHERE households IS NOT NULL;

CREATE INDEX ix_shipment_lines_item_date ON shipment_lines (item_id, date, qty, value_fen);

CREATE INDEX ix_shipment_lines_report ON shipment_lines (batch_id, township_id, date, value_fen, people, deliveries);

CREATE INDEX ix_transfer_lines_item_date ON transfer_lines (item_id, date);

CREATE INDEX ix_writeoff_lines_item_date ON writeoff_lines (item_id, date);

CREATE FUNCTION reliefctl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: record a correction with reliefctl void', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER entry_kinds_append_only BEFORE UPDATE OR DELETE ON entry_kinds
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER entry_kinds_no_truncate BEFORE TRUNCATE ON entry_kinds
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER batches_append_only BEFORE UPDATE OR DELETE ON batches
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER batches_no_truncate BEFORE TRUNCATE ON batches
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER beneficiary_groups_append_only BEFORE UPDATE OR DELETE ON beneficiary_groups
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER beneficiary_groups_no_truncate BEFORE TRUNCATE ON beneficiary_groups
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER funds_append_only BEFORE UPDATE OR DELETE ON funds
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER funds_no_truncate BEFORE TRUNCATE ON funds
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER items_append_only BEFORE UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER items_no_truncate BEFORE TRUNCATE ON items
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER settings_append_only BEFORE UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER settings_no_truncate BEFORE TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER townships_append_only BEFORE UPDATE OR DELETE ON townships
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER townships_no_truncate BEFORE TRUNCATE ON townships
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER voids_append_only BEFORE UPDATE OR DELETE ON voids
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER voids_no_truncate BEFORE TRUNCATE ON voids
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER allocations_append_only BEFORE UPDATE OR DELETE ON allocations
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER allocations_no_truncate BEFORE TRUNCATE ON allocations
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER fund_budgets_append_only BEFORE UPDATE OR DELETE ON fund_budgets
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER fund_budgets_no_truncate BEFORE TRUNCATE ON fund_budgets
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER item_packs_append_only BEFORE UPDATE OR DELETE ON item_packs
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER item_packs_no_truncate BEFORE TRUNCATE ON item_packs
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER kit_components_append_only BEFORE UPDATE OR DELETE ON kit_components
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER kit_components_no_truncate BEFORE TRUNCATE ON kit_components
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER locations_append_only BEFORE UPDATE OR DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER locations_no_truncate BEFORE TRUNCATE ON locations
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER units_append_only BEFORE UPDATE OR DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER units_no_truncate BEFORE TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER assembly_lines_append_only BEFORE UPDATE OR DELETE ON assembly_lines
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER assembly_lines_no_truncate BEFORE TRUNCATE ON assembly_lines
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER count_lines_append_only BEFORE UPDATE OR DELETE ON count_lines
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER count_lines_no_truncate BEFORE TRUNCATE ON count_lines
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER grants_append_only BEFORE UPDATE OR DELETE ON grants
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER grants_no_truncate BEFORE TRUNCATE ON grants
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER purchases_append_only BEFORE UPDATE OR DELETE ON purchases
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER purchases_no_truncate BEFORE TRUNCATE ON purchases
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON receipts
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER recipient_lines_append_only BEFORE UPDATE OR DELETE ON recipient_lines
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER recipient_lines_no_truncate BEFORE TRUNCATE ON recipient_lines
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER shipment_lines_append_only BEFORE UPDATE OR DELETE ON shipment_lines
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER shipment_lines_no_truncate BEFORE TRUNCATE ON shipment_lines
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER transfer_lines_append_only BEFORE UPDATE OR DELETE ON transfer_lines
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER transfer_lines_no_truncate BEFORE TRUNCATE ON transfer_lines
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER writeoff_lines_append_only BEFORE UPDATE OR DELETE ON writeoff_lines
    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only();

CREATE TRIGGER writeoff_lines_no_truncate BEFORE TRUNCATE ON writeoff_lines
    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only();

INSERT INTO entry_kinds (code, name) VALUES ('M', 'master data'), ('P', 'purchase'), ('S', 'shipment'), ('G', 'grant'), ('V', 'void'), ('L', 'ledger setting'), ('B', 'allocation'), ('R', 'receipt'), ('T', 'transfer'), ('W', 'write-off'), ('C', 'count'), ('A', 'assembly'), ('D', 'disassembly');

INSERT INTO meta (key, value) VALUES ('application', 'reliefctl'), ('schema_version', '7');
