-- reliefctl ledger schema, version 7 (sqlite).
-- GENERATED from src/reliefctl/db/models.py by `python -m reliefctl.db.generate`;
-- do not edit by hand (tests/test_schema.py fails when this file and the models disagree).
-- Every table but meta is append-only: triggers refuse UPDATE and DELETE. A correction is a
-- void entry whose reversal rows carry the original's date with the signs flipped.

CREATE TABLE entry_kinds (
    code VARCHAR(1) NOT NULL,
    name VARCHAR(40) NOT NULL,
    PRIMARY KEY (code)
);

CREATE TABLE meta (
    "key" VARCHAR(40) NOT NULL,
    value VARCHAR(200) NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE entries (
    seq INTEGER NOT NULL,
    id VARCHAR(20) NOT NULL,
    kind VARCHAR(1) NOT NULL,
    kind_no INTEGER NOT NULL,
    event_date VARCHAR(10) NOT NULL,
    recorded_at VARCHAR(40) NOT NULL,
    operator VARCHAR(100) NOT NULL,
    ref VARCHAR(100),
    note VARCHAR(2000),
    prev_hash VARCHAR(64) NOT NULL,
    hash VARCHAR(64) NOT NULL,
    ref_key VARCHAR(400),
    PRIMARY KEY (seq),
    CONSTRAINT uq_entries_kind_no UNIQUE (kind, kind_no),
    UNIQUE (id),
    FOREIGN KEY(kind) REFERENCES entry_kinds (code),
    UNIQUE (hash)
);

CREATE TABLE batches (
    id INTEGER NOT NULL,
    label VARCHAR(100) NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    label_key VARCHAR(400),
    PRIMARY KEY (id),
    UNIQUE (label),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE beneficiary_groups (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400),
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE funds (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400),
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE items (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    unit VARCHAR(100) NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400),
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE settings (
    entry_id VARCHAR(20) NOT NULL,
    name VARCHAR(40) NOT NULL,
    value VARCHAR(200) NOT NULL,
    PRIMARY KEY (entry_id, name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE townships (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400),
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE voids (
    entry_id VARCHAR(20) NOT NULL,
    voided_entry_id VARCHAR(20) NOT NULL,
    reason VARCHAR(2000) NOT NULL,
    PRIMARY KEY (entry_id),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    UNIQUE (voided_entry_id),
    FOREIGN KEY(voided_entry_id) REFERENCES entries (id)
);

CREATE TABLE allocations (
    entry_id VARCHAR(20) NOT NULL,
    fund_id INTEGER NOT NULL,
    date VARCHAR(10),
    amount_fen BIGINT NOT NULL,
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_allocations_amount CHECK (amount_fen <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(fund_id) REFERENCES funds (id)
);

CREATE TABLE fund_budgets (
    entry_id VARCHAR(20) NOT NULL,
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
    name VARCHAR(100) NOT NULL,
    size BIGINT NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE kit_components (
    entry_id VARCHAR(20) NOT NULL,
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
    name VARCHAR(100) NOT NULL,
    township_id INTEGER,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE units (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    township_id INTEGER NOT NULL,
    entry_id VARCHAR(20) NOT NULL,
    name_key VARCHAR(400),
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(township_id) REFERENCES townships (id),
    FOREIGN KEY(entry_id) REFERENCES entries (id)
);

CREATE TABLE assembly_lines (
    entry_id VARCHAR(20) NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    role VARCHAR(20) NOT NULL,
    qty_text VARCHAR(200),
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_assembly_lines_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE TABLE count_lines (
    entry_id VARCHAR(20) NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    book_qty BIGINT NOT NULL,
    counted_qty BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    qty_text VARCHAR(200),
    PRIMARY KEY (entry_id, line_no),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE TABLE grants (
    entry_id VARCHAR(20) NOT NULL,
    date VARCHAR(10) NOT NULL,
    township_id INTEGER NOT NULL,
    unit_id INTEGER,
    fund_id INTEGER,
    batch_id INTEGER,
    group_id INTEGER,
    amount_fen BIGINT NOT NULL,
    people BIGINT NOT NULL,
    grants INTEGER NOT NULL,
    purpose VARCHAR(2000),
    households BIGINT,
    repeat_reason VARCHAR(2000),
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
    entry_id VARCHAR(20) NOT NULL,
    date VARCHAR(10) NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    unit_price VARCHAR(40),
    supplier VARCHAR(2000),
    fund_id INTEGER,
    location_id INTEGER,
    qty_text VARCHAR(200),
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_purchases_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(fund_id) REFERENCES funds (id),
    FOREIGN KEY(location_id) REFERENCES locations (id)
);

CREATE TABLE receipts (
    entry_id VARCHAR(20) NOT NULL,
    date VARCHAR(10) NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    source VARCHAR(20) NOT NULL,
    giver VARCHAR(2000),
    unit_value VARCHAR(40),
    of_entry_id VARCHAR(20),
    qty_text VARCHAR(200),
    PRIMARY KEY (entry_id),
    CONSTRAINT ck_receipts_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id),
    FOREIGN KEY(of_entry_id) REFERENCES entries (id)
);

CREATE TABLE recipient_lines (
    entry_id VARCHAR(20) NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) NOT NULL,
    batch_id INTEGER,
    township_id INTEGER NOT NULL,
    unit_id INTEGER,
    group_id INTEGER,
    id_type VARCHAR(10) NOT NULL,
    person_hash VARCHAR(64) NOT NULL,
    masked_name VARCHAR(400) NOT NULL,
    household_hash VARCHAR(64),
    amount_fen BIGINT,
    persons INTEGER NOT NULL,
    lists INTEGER NOT NULL,
    people BIGINT NOT NULL,
    purpose_key VARCHAR(400),
    period_key VARCHAR(20),
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
    entry_id VARCHAR(20) NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) NOT NULL,
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
    qty_text VARCHAR(200),
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
    entry_id VARCHAR(20) NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) NOT NULL,
    from_location_id INTEGER NOT NULL,
    to_location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    qty_text VARCHAR(200),
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT ck_transfer_lines_qty CHECK (qty <> 0),
    FOREIGN KEY(entry_id) REFERENCES entries (id),
    FOREIGN KEY(from_location_id) REFERENCES locations (id),
    FOREIGN KEY(to_location_id) REFERENCES locations (id),
    FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE TABLE writeoff_lines (
    entry_id VARCHAR(20) NOT NULL,
    line_no INTEGER NOT NULL,
    date VARCHAR(10) NOT NULL,
    location_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty BIGINT NOT NULL,
    value_fen BIGINT NOT NULL,
    reason VARCHAR(20) NOT NULL,
    qty_text VARCHAR(200),
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

CREATE TRIGGER entry_kinds_no_update BEFORE UPDATE ON entry_kinds
BEGIN
    SELECT RAISE(ABORT, 'entry_kinds is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER entry_kinds_no_delete BEFORE DELETE ON entry_kinds
BEGIN
    SELECT RAISE(ABORT, 'entry_kinds is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER batches_no_update BEFORE UPDATE ON batches
BEGIN
    SELECT RAISE(ABORT, 'batches is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER batches_no_delete BEFORE DELETE ON batches
BEGIN
    SELECT RAISE(ABORT, 'batches is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER beneficiary_groups_no_update BEFORE UPDATE ON beneficiary_groups
BEGIN
    SELECT RAISE(ABORT, 'beneficiary_groups is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER beneficiary_groups_no_delete BEFORE DELETE ON beneficiary_groups
BEGIN
    SELECT RAISE(ABORT, 'beneficiary_groups is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER funds_no_update BEFORE UPDATE ON funds
BEGIN
    SELECT RAISE(ABORT, 'funds is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER funds_no_delete BEFORE DELETE ON funds
BEGIN
    SELECT RAISE(ABORT, 'funds is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER items_no_update BEFORE UPDATE ON items
BEGIN
    SELECT RAISE(ABORT, 'items is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER items_no_delete BEFORE DELETE ON items
BEGIN
    SELECT RAISE(ABORT, 'items is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER settings_no_update BEFORE UPDATE ON settings
BEGIN
    SELECT RAISE(ABORT, 'settings is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings
BEGIN
    SELECT RAISE(ABORT, 'settings is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER townships_no_update BEFORE UPDATE ON townships
BEGIN
    SELECT RAISE(ABORT, 'townships is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER townships_no_delete BEFORE DELETE ON townships
BEGIN
    SELECT RAISE(ABORT, 'townships is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids
BEGIN
    SELECT RAISE(ABORT, 'voids is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids
BEGIN
    SELECT RAISE(ABORT, 'voids is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations
BEGIN
    SELECT RAISE(ABORT, 'allocations is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN
    SELECT RAISE(ABORT, 'allocations is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER fund_budgets_no_update BEFORE UPDATE ON fund_budgets
BEGIN
    SELECT RAISE(ABORT, 'fund_budgets is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER fund_budgets_no_delete BEFORE DELETE ON fund_budgets
BEGIN
    SELECT RAISE(ABORT, 'fund_budgets is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER item_packs_no_update BEFORE UPDATE ON item_packs
BEGIN
    SELECT RAISE(ABORT, 'item_packs is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER item_packs_no_delete BEFORE DELETE ON item_packs
BEGIN
    SELECT RAISE(ABORT, 'item_packs is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER kit_components_no_update BEFORE UPDATE ON kit_components
BEGIN
    SELECT RAISE(ABORT, 'kit_components is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER kit_components_no_delete BEFORE DELETE ON kit_components
BEGIN
    SELECT RAISE(ABORT, 'kit_components is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER locations_no_update BEFORE UPDATE ON locations
BEGIN
    SELECT RAISE(ABORT, 'locations is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER locations_no_delete BEFORE DELETE ON locations
BEGIN
    SELECT RAISE(ABORT, 'locations is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER units_no_update BEFORE UPDATE ON units
BEGIN
    SELECT RAISE(ABORT, 'units is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER units_no_delete BEFORE DELETE ON units
BEGIN
    SELECT RAISE(ABORT, 'units is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER assembly_lines_no_update BEFORE UPDATE ON assembly_lines
BEGIN
    SELECT RAISE(ABORT, 'assembly_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER assembly_lines_no_delete BEFORE DELETE ON assembly_lines
BEGIN
    SELECT RAISE(ABORT, 'assembly_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER count_lines_no_update BEFORE UPDATE ON count_lines
BEGIN
    SELECT RAISE(ABORT, 'count_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER count_lines_no_delete BEFORE DELETE ON count_lines
BEGIN
    SELECT RAISE(ABORT, 'count_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER grants_no_update BEFORE UPDATE ON grants
BEGIN
    SELECT RAISE(ABORT, 'grants is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER grants_no_delete BEFORE DELETE ON grants
BEGIN
    SELECT RAISE(ABORT, 'grants is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER purchases_no_update BEFORE UPDATE ON purchases
BEGIN
    SELECT RAISE(ABORT, 'purchases is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER purchases_no_delete BEFORE DELETE ON purchases
BEGIN
    SELECT RAISE(ABORT, 'purchases is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN
    SELECT RAISE(ABORT, 'receipts is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN
    SELECT RAISE(ABORT, 'receipts is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER recipient_lines_no_update BEFORE UPDATE ON recipient_lines
BEGIN
    SELECT RAISE(ABORT, 'recipient_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER recipient_lines_no_delete BEFORE DELETE ON recipient_lines
BEGIN
    SELECT RAISE(ABORT, 'recipient_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER shipment_lines_no_update BEFORE UPDATE ON shipment_lines
BEGIN
    SELECT RAISE(ABORT, 'shipment_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER shipment_lines_no_delete BEFORE DELETE ON shipment_lines
BEGIN
    SELECT RAISE(ABORT, 'shipment_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER transfer_lines_no_update BEFORE UPDATE ON transfer_lines
BEGIN
    SELECT RAISE(ABORT, 'transfer_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER transfer_lines_no_delete BEFORE DELETE ON transfer_lines
BEGIN
    SELECT RAISE(ABORT, 'transfer_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER writeoff_lines_no_update BEFORE UPDATE ON writeoff_lines
BEGIN
    SELECT RAISE(ABORT, 'writeoff_lines is append-only: record a correction with reliefctl void');
END;

CREATE TRIGGER writeoff_lines_no_delete BEFORE DELETE ON writeoff_lines
BEGIN
    SELECT RAISE(ABORT, 'writeoff_lines is append-only: record a correction with reliefctl void');
END;

INSERT INTO entry_kinds (code, name) VALUES ('M', 'master data'), ('P', 'purchase'), ('S', 'shipment'), ('G', 'grant'), ('V', 'void'), ('L', 'ledger setting'), ('B', 'allocation'), ('R', 'receipt'), ('T', 'transfer'), ('W', 'write-off'), ('C', 'count'), ('A', 'assembly'), ('D', 'disassembly');

INSERT INTO meta (key, value) VALUES ('application', 'reliefctl'), ('schema_version', '7');

PRAGMA application_id = 1380273222;

PRAGMA user_version = 7;
