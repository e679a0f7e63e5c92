"""The ledger's tables as plain constants: GENERATED, do not edit.

Written by ``python -m reliefctl.db.generate`` from ``reliefctl/db/models.py`` (the one
definition of the schema); ``tests/test_schema.py`` fails when this file is stale.
Commands read these constants and never import SQLAlchemy or SQLModel.
"""


# ruff: noqa
from typing import Final, TypedDict


class TableInfo(TypedDict):
    """What commands need to know of one table (see ``TABLES``)."""

    columns: tuple[str, ...]
    late: tuple[str, ...]
    key: tuple[str, ...]
    row_order: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]
    since: int
    append_only: bool
    entry_rows: bool


#: The schema version of these tables.
SCHEMA_VERSION: Final[int] = 7


#: PRAGMA application_id of a SQLite ledger.
APPLICATION_ID: Final[int] = 1380273222


#: Every kind of entry: (letter, name).
ENTRY_KINDS: Final[tuple[tuple[str, str], ...]] = (('M', 'master data'),
 ('P', 'purchase'),
 ('S', 'shipment'),
 ('G', 'grant'),
 ('V', 'void'),
 ('L', 'ledger setting'),
 ('B', 'allocation'),
 ('R', 'receipt'),
 ('T', 'transfer'),
 ('W', 'write-off'),
 ('C', 'count'),
 ('A', 'assembly'),
 ('D', 'disassembly'))


#: Every table in foreign-key order: columns, late columns (hashed only when set), key, row order, foreign keys (column, parent, parent column), version, append-only, whether its rows belong to an entry.
TABLES: Final[dict[str, TableInfo]] = {'entry_kinds': {'columns': ('code', 'name'),
                 'late': (),
                 'key': ('code',),
                 'row_order': ('code',),
                 'foreign_keys': (),
                 'since': 2,
                 'append_only': True,
                 'entry_rows': False},
 'meta': {'columns': ('key', 'value'),
          'late': (),
          'key': ('key',),
          'row_order': ('key',),
          'foreign_keys': (),
          'since': 1,
          'append_only': False,
          'entry_rows': False},
 'entries': {'columns': ('seq',
                         'id',
                         'kind',
                         'kind_no',
                         'event_date',
                         'recorded_at',
                         'operator',
                         'ref',
                         'note',
                         'prev_hash',
                         'hash',
                         'ref_key'),
             'late': ('ref_key',),
             'key': ('seq',),
             'row_order': ('seq',),
             'foreign_keys': (('kind', 'entry_kinds', 'code'),),
             'since': 1,
             'append_only': True,
             'entry_rows': False},
 'batches': {'columns': ('id', 'label', 'entry_id', 'label_key'),
             'late': ('label_key',),
             'key': ('id',),
             'row_order': ('id',),
             'foreign_keys': (('entry_id', 'entries', 'id'),),
             'since': 1,
             'append_only': True,
             'entry_rows': True},
 'beneficiary_groups': {'columns': ('id', 'name', 'entry_id', 'name_key'),
                        'late': ('name_key',),
                        'key': ('id',),
                        'row_order': ('id',),
                        'foreign_keys': (('entry_id', 'entries', 'id'),),
                        'since': 1,
                        'append_only': True,
                        'entry_rows': True},
 'funds': {'columns': ('id', 'name', 'entry_id', 'name_key'),
           'late': ('name_key',),
           'key': ('id',),
           'row_order': ('id',),
           'foreign_keys': (('entry_id', 'entries', 'id'),),
           'since': 1,
           'append_only': True,
           'entry_rows': True},
 'items': {'columns': ('id', 'name', 'unit', 'entry_id', 'name_key'),
           'late': ('name_key',),
           'key': ('id',),
           'row_order': ('id',),
           'foreign_keys': (('entry_id', 'entries', 'id'),),
           'since': 1,
           'append_only': True,
           'entry_rows': True},
 'settings': {'columns': ('entry_id', 'name', 'value'),
              'late': (),
              'key': ('entry_id', 'name'),
              'row_order': ('name',),
              'foreign_keys': (('entry_id', 'entries', 'id'),),
              'since': 3,
              'append_only': True,
              'entry_rows': True},
 'townships': {'columns': ('id', 'name', 'entry_id', 'name_key'),
               'late': ('name_key',),
               'key': ('id',),
               'row_order': ('id',),
               'foreign_keys': (('entry_id', 'entries', 'id'),),
               'since': 1,
               'append_only': True,
               'entry_rows': True},
 'voids': {'columns': ('entry_id', 'voided_entry_id', 'reason'),
           'late': (),
           'key': ('entry_id',),
           'row_order': ('entry_id',),
           'foreign_keys': (('entry_id', 'entries', 'id'), ('voided_entry_id', 'entries', 'id')),
           'since': 1,
           'append_only': True,
           'entry_rows': True},
 'allocations': {'columns': ('entry_id', 'fund_id', 'date', 'amount_fen'),
                 'late': (),
                 'key': ('entry_id',),
                 'row_order': ('entry_id',),
                 'foreign_keys': (('entry_id', 'entries', 'id'), ('fund_id', 'funds', 'id')),
                 'since': 4,
                 'append_only': True,
                 'entry_rows': True},
 'fund_budgets': {'columns': ('entry_id', 'fund_id', 'amount_fen'),
                  'late': (),
                  'key': ('entry_id',),
                  'row_order': ('entry_id',),
                  'foreign_keys': (('entry_id', 'entries', 'id'), ('fund_id', 'funds', 'id')),
                  'since': 1,
                  'append_only': True,
                  'entry_rows': True},
 'item_packs': {'columns': ('id', 'item_id', 'name', 'size', 'entry_id', 'name_key'),
                'late': (),
                'key': ('id',),
                'row_order': ('id',),
                'foreign_keys': (('item_id', 'items', 'id'), ('entry_id', 'entries', 'id')),
                'since': 7,
                'append_only': True,
                'entry_rows': True},
 'kit_components': {'columns': ('entry_id', 'line_no', 'kit_id', 'component_id', 'qty'),
                    'late': (),
                    'key': ('entry_id', 'line_no'),
                    'row_order': ('line_no',),
                    'foreign_keys': (('entry_id', 'entries', 'id'),
                                     ('kit_id', 'items', 'id'),
                                     ('component_id', 'items', 'id')),
                    'since': 7,
                    'append_only': True,
                    'entry_rows': True},
 'locations': {'columns': ('id', 'name', 'township_id', 'entry_id', 'name_key'),
               'late': (),
               'key': ('id',),
               'row_order': ('id',),
               'foreign_keys': (('township_id', 'townships', 'id'), ('entry_id', 'entries', 'id')),
               'since': 5,
               'append_only': True,
               'entry_rows': True},
 'units': {'columns': ('id', 'name', 'township_id', 'entry_id', 'name_key'),
           'late': ('name_key',),
           'key': ('id',),
           'row_order': ('id',),
           'foreign_keys': (('township_id', 'townships', 'id'), ('entry_id', 'entries', 'id')),
           'since': 1,
           'append_only': True,
           'entry_rows': True},
 'assembly_lines': {'columns': ('entry_id',
                                'line_no',
                                'date',
                                'location_id',
                                'item_id',
                                'qty',
                                'value_fen',
                                'role',
                                'qty_text'),
                    'late': (),
                    'key': ('entry_id', 'line_no'),
                    'row_order': ('line_no',),
                    'foreign_keys': (('entry_id', 'entries', 'id'),
                                     ('location_id', 'locations', 'id'),
                                     ('item_id', 'items', 'id')),
                    'since': 7,
                    'append_only': True,
                    'entry_rows': True},
 'count_lines': {'columns': ('entry_id',
                             'line_no',
                             'date',
                             'location_id',
                             'item_id',
                             'book_qty',
                             'counted_qty',
                             'qty',
                             'value_fen',
                             'qty_text'),
                 'late': ('qty_text',),
                 'key': ('entry_id', 'line_no'),
                 'row_order': ('line_no',),
                 'foreign_keys': (('entry_id', 'entries', 'id'),
                                  ('location_id', 'locations', 'id'),
                                  ('item_id', 'items', 'id')),
                 'since': 5,
                 'append_only': True,
                 'entry_rows': True},
 'grants': {'columns': ('entry_id',
                        'date',
                        'township_id',
                        'unit_id',
                        'fund_id',
                        'batch_id',
                        'group_id',
                        'amount_fen',
                        'people',
                        'grants',
                        'purpose',
                        'households',
                        'repeat_reason'),
            'late': ('households', 'repeat_reason'),
            'key': ('entry_id',),
            'row_order': ('entry_id',),
            'foreign_keys': (('entry_id', 'entries', 'id'),
                             ('township_id', 'townships', 'id'),
                             ('unit_id', 'units', 'id'),
                             ('fund_id', 'funds', 'id'),
                             ('batch_id', 'batches', 'id'),
                             ('group_id', 'beneficiary_groups', 'id')),
            'since': 1,
            'append_only': True,
            'entry_rows': True},
 'purchases': {'columns': ('entry_id',
                           'date',
                           'item_id',
                           'qty',
                           'total_fen',
                           'unit_price',
                           'supplier',
                           'fund_id',
                           'location_id',
                           'qty_text'),
               'late': ('location_id', 'qty_text'),
               'key': ('entry_id',),
               'row_order': ('entry_id',),
               'foreign_keys': (('entry_id', 'entries', 'id'),
                                ('item_id', 'items', 'id'),
                                ('fund_id', 'funds', 'id'),
                                ('location_id', 'locations', 'id')),
               'since': 1,
               'append_only': True,
               'entry_rows': True},
 'receipts': {'columns': ('entry_id',
                          'date',
                          'location_id',
                          'item_id',
                          'qty',
                          'value_fen',
                          'source',
                          'giver',
                          'unit_value',
                          'of_entry_id',
                          'qty_text'),
              'late': ('qty_text',),
              'key': ('entry_id',),
              'row_order': ('entry_id',),
              'foreign_keys': (('entry_id', 'entries', 'id'),
                               ('location_id', 'locations', 'id'),
                               ('item_id', 'items', 'id'),
                               ('of_entry_id', 'entries', 'id')),
              'since': 5,
              'append_only': True,
              'entry_rows': True},
 'recipient_lines': {'columns': ('entry_id',
                                 'line_no',
                                 'date',
                                 'batch_id',
                                 'township_id',
                                 'unit_id',
                                 'group_id',
                                 'id_type',
                                 'person_hash',
                                 'masked_name',
                                 'household_hash',
                                 'amount_fen',
                                 'persons',
                                 'lists',
                                 'people',
                                 'purpose_key',
                                 'period_key',
                                 'claim_no'),
                     'late': (),
                     'key': ('entry_id', 'line_no'),
                     'row_order': ('line_no',),
                     'foreign_keys': (('entry_id', 'entries', 'id'),
                                      ('batch_id', 'batches', 'id'),
                                      ('township_id', 'townships', 'id'),
                                      ('unit_id', 'units', 'id'),
                                      ('group_id', 'beneficiary_groups', 'id')),
                     'since': 7,
                     'append_only': True,
                     'entry_rows': True},
 'shipment_lines': {'columns': ('entry_id',
                                'line_no',
                                'date',
                                'batch_id',
                                'township_id',
                                'unit_id',
                                'group_id',
                                'item_id',
                                'qty',
                                'value_fen',
                                'people',
                                'deliveries',
                                'location_id',
                                'households',
                                'qty_text'),
                    'late': ('location_id', 'households', 'qty_text'),
                    'key': ('entry_id', 'line_no'),
                    'row_order': ('line_no',),
                    'foreign_keys': (('entry_id', 'entries', 'id'),
                                     ('batch_id', 'batches', 'id'),
                                     ('township_id', 'townships', 'id'),
                                     ('unit_id', 'units', 'id'),
                                     ('group_id', 'beneficiary_groups', 'id'),
                                     ('item_id', 'items', 'id'),
                                     ('location_id', 'locations', 'id')),
                    'since': 1,
                    'append_only': True,
                    'entry_rows': True},
 'transfer_lines': {'columns': ('entry_id',
                                'line_no',
                                'date',
                                'from_location_id',
                                'to_location_id',
                                'item_id',
                                'qty',
                                'qty_text'),
                    'late': ('qty_text',),
                    'key': ('entry_id', 'line_no'),
                    'row_order': ('line_no',),
                    'foreign_keys': (('entry_id', 'entries', 'id'),
                                     ('from_location_id', 'locations', 'id'),
                                     ('to_location_id', 'locations', 'id'),
                                     ('item_id', 'items', 'id')),
                    'since': 5,
                    'append_only': True,
                    'entry_rows': True},
 'writeoff_lines': {'columns': ('entry_id',
                                'line_no',
                                'date',
                                'location_id',
                                'item_id',
                                'qty',
                                'value_fen',
                                'reason',
                                'qty_text'),
                    'late': ('qty_text',),
                    'key': ('entry_id', 'line_no'),
                    'row_order': ('line_no',),
                    'foreign_keys': (('entry_id', 'entries', 'id'),
                                     ('location_id', 'locations', 'id'),
                                     ('item_id', 'items', 'id')),
                    'since': 5,
                    'append_only': True,
                    'entry_rows': True}}


#: Tables whose text is matched by key: table -> (text column, key column).
KEYED: Final[dict[str, tuple[str, str]]] = {'entries': ('ref', 'ref_key'),
 'townships': ('name', 'name_key'),
 'units': ('name', 'name_key'),
 'items': ('name', 'name_key'),
 'funds': ('name', 'name_key'),
 'batches': ('label', 'label_key'),
 'beneficiary_groups': ('name', 'name_key'),
 'locations': ('name', 'name_key'),
 'item_packs': ('name', 'name_key')}


#: Every statement that creates an empty ledger.
DDL: Final[dict[str, list[str]]] = {'sqlite': ['CREATE TABLE entry_kinds (\n'
            '    code VARCHAR(1) NOT NULL,\n'
            '    name VARCHAR(40) NOT NULL,\n'
            '    PRIMARY KEY (code)\n'
            ')',
            'CREATE TABLE meta (\n'
            '    "key" VARCHAR(40) NOT NULL,\n'
            '    value VARCHAR(200) NOT NULL,\n'
            '    PRIMARY KEY ("key")\n'
            ')',
            'CREATE TABLE entries (\n'
            '    seq INTEGER NOT NULL,\n'
            '    id VARCHAR(20) NOT NULL,\n'
            '    kind VARCHAR(1) NOT NULL,\n'
            '    kind_no INTEGER NOT NULL,\n'
            '    event_date VARCHAR(10) NOT NULL,\n'
            '    recorded_at VARCHAR(40) NOT NULL,\n'
            '    operator VARCHAR(100) NOT NULL,\n'
            '    ref VARCHAR(100),\n'
            '    note VARCHAR(2000),\n'
            '    prev_hash VARCHAR(64) NOT NULL,\n'
            '    hash VARCHAR(64) NOT NULL,\n'
            '    ref_key VARCHAR(400),\n'
            '    PRIMARY KEY (seq),\n'
            '    CONSTRAINT uq_entries_kind_no UNIQUE (kind, kind_no),\n'
            '    UNIQUE (id),\n'
            '    FOREIGN KEY(kind) REFERENCES entry_kinds (code),\n'
            '    UNIQUE (hash)\n'
            ')',
            'CREATE TABLE batches (\n'
            '    id INTEGER NOT NULL,\n'
            '    label VARCHAR(100) NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    label_key VARCHAR(400),\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (label),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE beneficiary_groups (\n'
            '    id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400),\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (name),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE funds (\n'
            '    id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400),\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (name),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE items (\n'
            '    id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    unit VARCHAR(100) NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400),\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (name),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE settings (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name VARCHAR(40) NOT NULL,\n'
            '    value VARCHAR(200) NOT NULL,\n'
            '    PRIMARY KEY (entry_id, name),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE townships (\n'
            '    id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400),\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (name),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE voids (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    voided_entry_id VARCHAR(20) NOT NULL,\n'
            '    reason VARCHAR(2000) NOT NULL,\n'
            '    PRIMARY KEY (entry_id),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    UNIQUE (voided_entry_id),\n'
            '    FOREIGN KEY(voided_entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE allocations (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    fund_id INTEGER NOT NULL,\n'
            '    date VARCHAR(10),\n'
            '    amount_fen BIGINT NOT NULL,\n'
            '    PRIMARY KEY (entry_id),\n'
            '    CONSTRAINT ck_allocations_amount CHECK (amount_fen <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(fund_id) REFERENCES funds (id)\n'
            ')',
            'CREATE TABLE fund_budgets (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    fund_id INTEGER NOT NULL,\n'
            '    amount_fen BIGINT NOT NULL,\n'
            '    PRIMARY KEY (entry_id),\n'
            '    CONSTRAINT ck_fund_budgets_positive CHECK (amount_fen > 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(fund_id) REFERENCES funds (id)\n'
            ')',
            'CREATE TABLE item_packs (\n'
            '    id INTEGER NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    size BIGINT NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400) NOT NULL,\n'
            '    PRIMARY KEY (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE kit_components (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    kit_id INTEGER NOT NULL,\n'
            '    component_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    CONSTRAINT ck_kit_components_qty CHECK (qty > 0),\n'
            '    CONSTRAINT uq_kit_components UNIQUE (kit_id, component_id),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(kit_id) REFERENCES items (id),\n'
            '    FOREIGN KEY(component_id) REFERENCES items (id)\n'
            ')',
            'CREATE TABLE locations (\n'
            '    id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    township_id INTEGER,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400) NOT NULL,\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (name),\n'
            '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE units (\n'
            '    id INTEGER NOT NULL,\n'
            '    name VARCHAR(100) NOT NULL,\n'
            '    township_id INTEGER NOT NULL,\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    name_key VARCHAR(400),\n'
            '    PRIMARY KEY (id),\n'
            '    UNIQUE (name),\n'
            '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE assembly_lines (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    location_id INTEGER NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    value_fen BIGINT NOT NULL,\n'
            '    role VARCHAR(20) NOT NULL,\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    CONSTRAINT ck_assembly_lines_qty CHECK (qty <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
            ')',
            'CREATE TABLE count_lines (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    location_id INTEGER NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    book_qty BIGINT NOT NULL,\n'
            '    counted_qty BIGINT NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    value_fen BIGINT NOT NULL,\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
            ')',
            'CREATE TABLE grants (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    township_id INTEGER NOT NULL,\n'
            '    unit_id INTEGER,\n'
            '    fund_id INTEGER,\n'
            '    batch_id INTEGER,\n'
            '    group_id INTEGER,\n'
            '    amount_fen BIGINT NOT NULL,\n'
            '    people BIGINT NOT NULL,\n'
            '    grants INTEGER NOT NULL,\n'
            '    purpose VARCHAR(2000),\n'
            '    households BIGINT,\n'
            '    repeat_reason VARCHAR(2000),\n'
            '    PRIMARY KEY (entry_id),\n'
            '    CONSTRAINT ck_grants_amount CHECK (amount_fen <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
            '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
            '    FOREIGN KEY(fund_id) REFERENCES funds (id),\n'
            '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
            '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)\n'
            ')',
            'CREATE TABLE purchases (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    total_fen BIGINT NOT NULL,\n'
            '    unit_price VARCHAR(40),\n'
            '    supplier VARCHAR(2000),\n'
            '    fund_id INTEGER,\n'
            '    location_id INTEGER,\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id),\n'
            '    CONSTRAINT ck_purchases_qty CHECK (qty <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
            '    FOREIGN KEY(fund_id) REFERENCES funds (id),\n'
            '    FOREIGN KEY(location_id) REFERENCES locations (id)\n'
            ')',
            'CREATE TABLE receipts (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    location_id INTEGER NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    value_fen BIGINT NOT NULL,\n'
            '    source VARCHAR(20) NOT NULL,\n'
            '    giver VARCHAR(2000),\n'
            '    unit_value VARCHAR(40),\n'
            '    of_entry_id VARCHAR(20),\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id),\n'
            '    CONSTRAINT ck_receipts_qty CHECK (qty <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
            '    FOREIGN KEY(of_entry_id) REFERENCES entries (id)\n'
            ')',
            'CREATE TABLE recipient_lines (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    batch_id INTEGER,\n'
            '    township_id INTEGER NOT NULL,\n'
            '    unit_id INTEGER,\n'
            '    group_id INTEGER,\n'
            '    id_type VARCHAR(10) NOT NULL,\n'
            '    person_hash VARCHAR(64) NOT NULL,\n'
            '    masked_name VARCHAR(400) NOT NULL,\n'
            '    household_hash VARCHAR(64),\n'
            '    amount_fen BIGINT,\n'
            '    persons INTEGER NOT NULL,\n'
            '    lists INTEGER NOT NULL,\n'
            '    people BIGINT NOT NULL,\n'
            '    purpose_key VARCHAR(400),\n'
            '    period_key VARCHAR(20),\n'
            '    claim_no INTEGER,\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    CONSTRAINT ck_recipient_lines_persons CHECK (persons IN (1, -1)),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
            '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
            '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
            '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)\n'
            ')',
            'CREATE TABLE shipment_lines (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    batch_id INTEGER NOT NULL,\n'
            '    township_id INTEGER NOT NULL,\n'
            '    unit_id INTEGER,\n'
            '    group_id INTEGER,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    value_fen BIGINT NOT NULL,\n'
            '    people BIGINT NOT NULL,\n'
            '    deliveries INTEGER NOT NULL,\n'
            '    location_id INTEGER,\n'
            '    households BIGINT,\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    CONSTRAINT ck_shipment_lines_qty CHECK (qty <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
            '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
            '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
            '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
            '    FOREIGN KEY(location_id) REFERENCES locations (id)\n'
            ')',
            'CREATE TABLE transfer_lines (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    from_location_id INTEGER NOT NULL,\n'
            '    to_location_id INTEGER NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    CONSTRAINT ck_transfer_lines_qty CHECK (qty <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(from_location_id) REFERENCES locations (id),\n'
            '    FOREIGN KEY(to_location_id) REFERENCES locations (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
            ')',
            'CREATE TABLE writeoff_lines (\n'
            '    entry_id VARCHAR(20) NOT NULL,\n'
            '    line_no INTEGER NOT NULL,\n'
            '    date VARCHAR(10) NOT NULL,\n'
            '    location_id INTEGER NOT NULL,\n'
            '    item_id INTEGER NOT NULL,\n'
            '    qty BIGINT NOT NULL,\n'
            '    value_fen BIGINT NOT NULL,\n'
            '    reason VARCHAR(20) NOT NULL,\n'
            '    qty_text VARCHAR(200),\n'
            '    PRIMARY KEY (entry_id, line_no),\n'
            '    CONSTRAINT ck_writeoff_lines_qty CHECK (qty <> 0),\n'
            '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
            '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
            '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
            ')',
            'CREATE INDEX ix_entries_event_date ON entries (event_date)',
            'CREATE INDEX ix_entries_kind_ref ON entries (kind, ref)',
            'CREATE INDEX ix_entries_kind_ref_key ON entries (kind, ref_key, ref)',
            'CREATE UNIQUE INDEX uq_batches_label_key ON batches (label_key)',
            'CREATE UNIQUE INDEX uq_beneficiary_groups_name_key ON beneficiary_groups (name_key)',
            'CREATE UNIQUE INDEX uq_funds_name_key ON funds (name_key)',
            'CREATE UNIQUE INDEX uq_items_name_key ON items (name_key)',
            'CREATE UNIQUE INDEX uq_townships_name_key ON townships (name_key)',
            'CREATE INDEX ix_allocations_fund ON allocations (fund_id, date, amount_fen)',
            'CREATE INDEX ix_fund_budgets_fund_id ON fund_budgets (fund_id)',
            'CREATE UNIQUE INDEX uq_item_packs_item_name_key ON item_packs (item_id, name_key)',
            'CREATE UNIQUE INDEX uq_locations_name_key ON locations (name_key)',
            'CREATE UNIQUE INDEX uq_units_name_key ON units (name_key)',
            'CREATE INDEX ix_assembly_lines_item_date ON assembly_lines (item_id, date)',
            'CREATE INDEX ix_count_lines_item_location ON count_lines (item_id, location_id, '
            'date)',
            'CREATE INDEX ix_grants_date ON grants (date)',
            'CREATE INDEX ix_grants_fund ON grants (fund_id, amount_fen)',
            'CREATE INDEX ix_purchases_fund ON purchases (fund_id, total_fen)',
            'CREATE INDEX ix_purchases_item_date ON purchases (item_id, date, qty, total_fen)',
            'CREATE INDEX ix_receipts_item_date ON receipts (item_id, date)',
            'CREATE INDEX ix_recipient_lines_person ON recipient_lines (person_hash, date)',
            'CREATE INDEX ix_recipient_lines_report ON recipient_lines (batch_id, township_id, '
            'date, person_hash)',
            'CREATE UNIQUE INDEX uq_recipient_lines_claim ON recipient_lines (purpose_key, '
            'period_key, person_hash, claim_no) WHERE persons > 0 AND claim_no IS NOT NULL',
            'CREATE INDEX ix_shipment_lines_households ON shipment_lines (batch_id, township_id, '
            'date, households) WHERE households IS NOT NULL',
            'CREATE INDEX ix_shipment_lines_item_date ON shipment_lines (item_id, date, qty, '
            'value_fen)',
            'CREATE INDEX ix_shipment_lines_report ON shipment_lines (batch_id, township_id, '
            'date, value_fen, people, deliveries)',
            'CREATE INDEX ix_transfer_lines_item_date ON transfer_lines (item_id, date)',
            'CREATE INDEX ix_writeoff_lines_item_date ON writeoff_lines (item_id, date)',
            'CREATE TRIGGER entry_kinds_no_update BEFORE UPDATE ON entry_kinds\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'entry_kinds is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER entry_kinds_no_delete BEFORE DELETE ON entry_kinds\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'entry_kinds is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'entries is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'entries is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER batches_no_update BEFORE UPDATE ON batches\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'batches is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER batches_no_delete BEFORE DELETE ON batches\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'batches is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER beneficiary_groups_no_update BEFORE UPDATE ON beneficiary_groups\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'beneficiary_groups is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER beneficiary_groups_no_delete BEFORE DELETE ON beneficiary_groups\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'beneficiary_groups is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER funds_no_update BEFORE UPDATE ON funds\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'funds is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER funds_no_delete BEFORE DELETE ON funds\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'funds is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER items_no_update BEFORE UPDATE ON items\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'items is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER items_no_delete BEFORE DELETE ON items\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'items is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER settings_no_update BEFORE UPDATE ON settings\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'settings is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'settings is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER townships_no_update BEFORE UPDATE ON townships\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'townships is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER townships_no_delete BEFORE DELETE ON townships\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'townships is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'voids is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'voids is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'allocations is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'allocations is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER fund_budgets_no_update BEFORE UPDATE ON fund_budgets\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'fund_budgets is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER fund_budgets_no_delete BEFORE DELETE ON fund_budgets\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'fund_budgets is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER item_packs_no_update BEFORE UPDATE ON item_packs\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'item_packs is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER item_packs_no_delete BEFORE DELETE ON item_packs\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'item_packs is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER kit_components_no_update BEFORE UPDATE ON kit_components\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'kit_components is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER kit_components_no_delete BEFORE DELETE ON kit_components\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'kit_components is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER locations_no_update BEFORE UPDATE ON locations\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'locations is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER locations_no_delete BEFORE DELETE ON locations\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'locations is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER units_no_update BEFORE UPDATE ON units\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'units is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER units_no_delete BEFORE DELETE ON units\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'units is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER assembly_lines_no_update BEFORE UPDATE ON assembly_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'assembly_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER assembly_lines_no_delete BEFORE DELETE ON assembly_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'assembly_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER count_lines_no_update BEFORE UPDATE ON count_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'count_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER count_lines_no_delete BEFORE DELETE ON count_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'count_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER grants_no_update BEFORE UPDATE ON grants\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'grants is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER grants_no_delete BEFORE DELETE ON grants\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'grants is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER purchases_no_update BEFORE UPDATE ON purchases\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'purchases is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER purchases_no_delete BEFORE DELETE ON purchases\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'purchases is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'receipts is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'receipts is append-only: record a correction with reliefctl "
            "void');\n"
            'END',
            'CREATE TRIGGER recipient_lines_no_update BEFORE UPDATE ON recipient_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'recipient_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER recipient_lines_no_delete BEFORE DELETE ON recipient_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'recipient_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER shipment_lines_no_update BEFORE UPDATE ON shipment_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'shipment_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER shipment_lines_no_delete BEFORE DELETE ON shipment_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'shipment_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER transfer_lines_no_update BEFORE UPDATE ON transfer_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'transfer_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER transfer_lines_no_delete BEFORE DELETE ON transfer_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'transfer_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER writeoff_lines_no_update BEFORE UPDATE ON writeoff_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'writeoff_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            'CREATE TRIGGER writeoff_lines_no_delete BEFORE DELETE ON writeoff_lines\n'
            'BEGIN\n'
            "    SELECT RAISE(ABORT, 'writeoff_lines is append-only: record a correction with "
            "reliefctl void');\n"
            'END',
            "INSERT INTO entry_kinds (code, name) VALUES ('M', 'master data'), ('P', 'purchase'), "
            "('S', 'shipment'), ('G', 'grant'), ('V', 'void'), ('L', 'ledger setting'), ('B', "
            "'allocation'), ('R', 'receipt'), ('T', 'transfer'), ('W', 'write-off'), ('C', "
            "'count'), ('A', 'assembly'), ('D', 'disassembly')",
            "INSERT INTO meta (key, value) VALUES ('application', 'reliefctl'), "
            "('schema_version', '7')",
            'PRAGMA application_id = 1380273222',
            'PRAGMA user_version = 7'],
 'postgresql': ['CREATE TABLE entry_kinds (\n'
                '    code VARCHAR(1) COLLATE "C" NOT NULL,\n'
                '    name VARCHAR(40) COLLATE "C" NOT NULL,\n'
                '    PRIMARY KEY (code)\n'
                ')',
                'CREATE TABLE meta (\n'
                '    key VARCHAR(40) COLLATE "C" NOT NULL,\n'
                '    value VARCHAR(200) COLLATE "C" NOT NULL,\n'
                '    PRIMARY KEY (key)\n'
                ')',
                'CREATE TABLE entries (\n'
                '    seq INTEGER NOT NULL,\n'
                '    id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    kind VARCHAR(1) COLLATE "C" NOT NULL,\n'
                '    kind_no INTEGER NOT NULL,\n'
                '    event_date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    recorded_at VARCHAR(40) COLLATE "C" NOT NULL,\n'
                '    operator VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    ref VARCHAR(100) COLLATE "C",\n'
                '    note VARCHAR(2000) COLLATE "C",\n'
                '    prev_hash VARCHAR(64) COLLATE "C" NOT NULL,\n'
                '    hash VARCHAR(64) COLLATE "C" NOT NULL,\n'
                '    ref_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (seq),\n'
                '    CONSTRAINT uq_entries_kind_no UNIQUE (kind, kind_no),\n'
                '    UNIQUE (id),\n'
                '    FOREIGN KEY(kind) REFERENCES entry_kinds (code),\n'
                '    UNIQUE (hash)\n'
                ')',
                'CREATE TABLE batches (\n'
                '    id INTEGER NOT NULL,\n'
                '    label VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    label_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (label),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE beneficiary_groups (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE funds (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE items (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    unit VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE settings (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name VARCHAR(40) COLLATE "C" NOT NULL,\n'
                '    value VARCHAR(200) COLLATE "C" NOT NULL,\n'
                '    PRIMARY KEY (entry_id, name),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE townships (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE voids (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    voided_entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    reason VARCHAR(2000) COLLATE "C" NOT NULL,\n'
                '    PRIMARY KEY (entry_id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    UNIQUE (voided_entry_id),\n'
                '    FOREIGN KEY(voided_entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE allocations (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    fund_id INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C",\n'
                '    amount_fen BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_allocations_amount CHECK (amount_fen <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(fund_id) REFERENCES funds (id)\n'
                ')',
                'CREATE TABLE fund_budgets (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    fund_id INTEGER NOT NULL,\n'
                '    amount_fen BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_fund_budgets_positive CHECK (amount_fen > 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(fund_id) REFERENCES funds (id)\n'
                ')',
                'CREATE TABLE item_packs (\n'
                '    id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    size BIGINT NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C" NOT NULL,\n'
                '    PRIMARY KEY (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE kit_components (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    kit_id INTEGER NOT NULL,\n'
                '    component_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_kit_components_qty CHECK (qty > 0),\n'
                '    CONSTRAINT uq_kit_components UNIQUE (kit_id, component_id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(kit_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(component_id) REFERENCES items (id)\n'
                ')',
                'CREATE TABLE locations (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    township_id INTEGER,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C" NOT NULL,\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE units (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                '    township_id INTEGER NOT NULL,\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    name_key VARCHAR(400) COLLATE "C",\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE assembly_lines (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    role VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_assembly_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE TABLE count_lines (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    book_qty BIGINT NOT NULL,\n'
                '    counted_qty BIGINT NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE TABLE grants (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    township_id INTEGER NOT NULL,\n'
                '    unit_id INTEGER,\n'
                '    fund_id INTEGER,\n'
                '    batch_id INTEGER,\n'
                '    group_id INTEGER,\n'
                '    amount_fen BIGINT NOT NULL,\n'
                '    people BIGINT NOT NULL,\n'
                '    grants INTEGER NOT NULL,\n'
                '    purpose VARCHAR(2000) COLLATE "C",\n'
                '    households BIGINT,\n'
                '    repeat_reason VARCHAR(2000) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_grants_amount CHECK (amount_fen <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
                '    FOREIGN KEY(fund_id) REFERENCES funds (id),\n'
                '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
                '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)\n'
                ')',
                'CREATE TABLE purchases (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    total_fen BIGINT NOT NULL,\n'
                '    unit_price VARCHAR(40) COLLATE "C",\n'
                '    supplier VARCHAR(2000) COLLATE "C",\n'
                '    fund_id INTEGER,\n'
                '    location_id INTEGER,\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_purchases_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(fund_id) REFERENCES funds (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id)\n'
                ')',
                'CREATE TABLE receipts (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    source VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    giver VARCHAR(2000) COLLATE "C",\n'
                '    unit_value VARCHAR(40) COLLATE "C",\n'
                '    of_entry_id VARCHAR(20) COLLATE "C",\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_receipts_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(of_entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TABLE recipient_lines (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    batch_id INTEGER,\n'
                '    township_id INTEGER NOT NULL,\n'
                '    unit_id INTEGER,\n'
                '    group_id INTEGER,\n'
                '    id_type VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    person_hash VARCHAR(64) COLLATE "C" NOT NULL,\n'
                '    masked_name VARCHAR(400) COLLATE "C" NOT NULL,\n'
                '    household_hash VARCHAR(64) COLLATE "C",\n'
                '    amount_fen BIGINT,\n'
                '    persons INTEGER NOT NULL,\n'
                '    lists INTEGER NOT NULL,\n'
                '    people BIGINT NOT NULL,\n'
                '    purpose_key VARCHAR(400) COLLATE "C",\n'
                '    period_key VARCHAR(20) COLLATE "C",\n'
                '    claim_no INTEGER,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_recipient_lines_persons CHECK (persons IN (1, -1)),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
                '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)\n'
                ')',
                'CREATE TABLE shipment_lines (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    batch_id INTEGER NOT NULL,\n'
                '    township_id INTEGER NOT NULL,\n'
                '    unit_id INTEGER,\n'
                '    group_id INTEGER,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    people BIGINT NOT NULL,\n'
                '    deliveries INTEGER NOT NULL,\n'
                '    location_id INTEGER,\n'
                '    households BIGINT,\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_shipment_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
                '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id)\n'
                ')',
                'CREATE TABLE transfer_lines (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    from_location_id INTEGER NOT NULL,\n'
                '    to_location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_transfer_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(from_location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(to_location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE TABLE writeoff_lines (\n'
                '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    reason VARCHAR(20) COLLATE "C" NOT NULL,\n'
                '    qty_text VARCHAR(200) COLLATE "C",\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_writeoff_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE INDEX ix_entries_event_date ON entries (event_date)',
                'CREATE INDEX ix_entries_kind_ref ON entries (kind, ref)',
                'CREATE INDEX ix_entries_kind_ref_key ON entries (kind, ref_key, ref)',
                'CREATE UNIQUE INDEX uq_batches_label_key ON batches (label_key)',
                'CREATE UNIQUE INDEX uq_beneficiary_groups_name_key ON beneficiary_groups '
                '(name_key)',
                'CREATE UNIQUE INDEX uq_funds_name_key ON funds (name_key)',
                'CREATE UNIQUE INDEX uq_items_name_key ON items (name_key)',
                'CREATE UNIQUE INDEX uq_townships_name_key ON townships (name_key)',
                'CREATE INDEX ix_allocations_fund ON allocations (fund_id, date, amount_fen)',
                'CREATE INDEX ix_fund_budgets_fund_id ON fund_budgets (fund_id)',
                'CREATE UNIQUE INDEX uq_item_packs_item_name_key ON item_packs (item_id, '
                'name_key)',
                'CREATE UNIQUE INDEX uq_locations_name_key ON locations (name_key)',
                'CREATE UNIQUE INDEX uq_units_name_key ON units (name_key)',
                'CREATE INDEX ix_assembly_lines_item_date ON assembly_lines (item_id, date)',
                'CREATE INDEX ix_count_lines_item_location ON count_lines (item_id, location_id, '
                'date)',
                'CREATE INDEX ix_grants_date ON grants (date)',
                'CREATE INDEX ix_grants_fund ON grants (fund_id, amount_fen)',
                'CREATE INDEX ix_purchases_fund ON purchases (fund_id, total_fen)',
                'CREATE INDEX ix_purchases_item_date ON purchases (item_id, date, qty, total_fen)',
                'CREATE INDEX ix_receipts_item_date ON receipts (item_id, date)',
                'CREATE INDEX ix_recipient_lines_person ON recipient_lines (person_hash, date)',
                'CREATE INDEX ix_recipient_lines_report ON recipient_lines (batch_id, '
                'township_id, date, person_hash)',
                'CREATE UNIQUE INDEX uq_recipient_lines_claim ON recipient_lines (purpose_key, '
                'period_key, person_hash, claim_no) WHERE persons > 0 AND claim_no IS NOT NULL',
                'CREATE INDEX ix_shipment_lines_households ON shipment_lines (batch_id, '
                'township_id, date, households) WHERE households IS NOT NULL',
                'CREATE INDEX ix_shipment_lines_item_date ON shipment_lines (item_id, date, qty, '
                'value_fen)',
                'CREATE INDEX ix_shipment_lines_report ON shipment_lines (batch_id, township_id, '
                'date, value_fen, people, deliveries)',
                'CREATE INDEX ix_transfer_lines_item_date ON transfer_lines (item_id, date)',
                'CREATE INDEX ix_writeoff_lines_item_date ON writeoff_lines (item_id, date)',
                'CREATE FUNCTION reliefctl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n'
                'BEGIN\n'
                "    RAISE EXCEPTION '% is append-only: record a correction with reliefctl void', "
                'TG_TABLE_NAME\n'
                "        USING ERRCODE = 'restrict_violation';\n"
                'END\n'
                '$$',
                'CREATE TRIGGER entry_kinds_append_only BEFORE UPDATE OR DELETE ON entry_kinds\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER entry_kinds_no_truncate BEFORE TRUNCATE ON entry_kinds\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER batches_append_only BEFORE UPDATE OR DELETE ON batches\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER batches_no_truncate BEFORE TRUNCATE ON batches\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER beneficiary_groups_append_only BEFORE UPDATE OR DELETE ON '
                'beneficiary_groups\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER beneficiary_groups_no_truncate BEFORE TRUNCATE ON '
                'beneficiary_groups\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER funds_append_only BEFORE UPDATE OR DELETE ON funds\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER funds_no_truncate BEFORE TRUNCATE ON funds\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER items_append_only BEFORE UPDATE OR DELETE ON items\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER items_no_truncate BEFORE TRUNCATE ON items\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER settings_append_only BEFORE UPDATE OR DELETE ON settings\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER settings_no_truncate BEFORE TRUNCATE ON settings\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER townships_append_only BEFORE UPDATE OR DELETE ON townships\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER townships_no_truncate BEFORE TRUNCATE ON townships\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER voids_append_only BEFORE UPDATE OR DELETE ON voids\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER voids_no_truncate BEFORE TRUNCATE ON voids\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER allocations_append_only BEFORE UPDATE OR DELETE ON allocations\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER allocations_no_truncate BEFORE TRUNCATE ON allocations\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER fund_budgets_append_only BEFORE UPDATE OR DELETE ON fund_budgets\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER fund_budgets_no_truncate BEFORE TRUNCATE ON fund_budgets\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER item_packs_append_only BEFORE UPDATE OR DELETE ON item_packs\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER item_packs_no_truncate BEFORE TRUNCATE ON item_packs\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER kit_components_append_only BEFORE UPDATE OR DELETE ON '
                'kit_components\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER kit_components_no_truncate BEFORE TRUNCATE ON kit_components\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER locations_append_only BEFORE UPDATE OR DELETE ON locations\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER locations_no_truncate BEFORE TRUNCATE ON locations\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER units_append_only BEFORE UPDATE OR DELETE ON units\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER units_no_truncate BEFORE TRUNCATE ON units\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER assembly_lines_append_only BEFORE UPDATE OR DELETE ON '
                'assembly_lines\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER assembly_lines_no_truncate BEFORE TRUNCATE ON assembly_lines\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER count_lines_append_only BEFORE UPDATE OR DELETE ON count_lines\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER count_lines_no_truncate BEFORE TRUNCATE ON count_lines\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER grants_append_only BEFORE UPDATE OR DELETE ON grants\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER grants_no_truncate BEFORE TRUNCATE ON grants\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER purchases_append_only BEFORE UPDATE OR DELETE ON purchases\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER purchases_no_truncate BEFORE TRUNCATE ON purchases\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON receipts\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER recipient_lines_append_only BEFORE UPDATE OR DELETE ON '
                'recipient_lines\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER recipient_lines_no_truncate BEFORE TRUNCATE ON recipient_lines\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER shipment_lines_append_only BEFORE UPDATE OR DELETE ON '
                'shipment_lines\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER shipment_lines_no_truncate BEFORE TRUNCATE ON shipment_lines\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER transfer_lines_append_only BEFORE UPDATE OR DELETE ON '
                'transfer_lines\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER transfer_lines_no_truncate BEFORE TRUNCATE ON transfer_lines\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER writeoff_lines_append_only BEFORE UPDATE OR DELETE ON '
                'writeoff_lines\n'
                '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                'CREATE TRIGGER writeoff_lines_no_truncate BEFORE TRUNCATE ON writeoff_lines\n'
                '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                "INSERT INTO entry_kinds (code, name) VALUES ('M', 'master data'), ('P', "
                "'purchase'), ('S', 'shipment'), ('G', 'grant'), ('V', 'void'), ('L', 'ledger "
                "setting'), ('B', 'allocation'), ('R', 'receipt'), ('T', 'transfer'), ('W', "
                "'write-off'), ('C', 'count'), ('A', 'assembly'), ('D', 'disassembly')",
                "INSERT INTO meta (key, value) VALUES ('application', 'reliefctl'), "
                "('schema_version', '7')"]}


#: The INSERT of each table (named parameters), per dialect.
INSERT: Final[dict[str, dict[str, str]]] = {'sqlite': {'entry_kinds': 'INSERT INTO entry_kinds (code, name) VALUES (:code, :name)',
            'meta': 'INSERT INTO meta ("key", value) VALUES (:key, :value)',
            'entries': 'INSERT INTO entries (seq, id, kind, kind_no, event_date, recorded_at, '
                       'operator, ref, note, prev_hash, hash, ref_key) VALUES (:seq, :id, :kind, '
                       ':kind_no, :event_date, :recorded_at, :operator, :ref, :note, :prev_hash, '
                       ':hash, :ref_key)',
            'batches': 'INSERT INTO batches (id, label, entry_id, label_key) VALUES (:id, :label, '
                       ':entry_id, :label_key)',
            'beneficiary_groups': 'INSERT INTO beneficiary_groups (id, name, entry_id, name_key) '
                                  'VALUES (:id, :name, :entry_id, :name_key)',
            'funds': 'INSERT INTO funds (id, name, entry_id, name_key) VALUES (:id, :name, '
                     ':entry_id, :name_key)',
            'items': 'INSERT INTO items (id, name, unit, entry_id, name_key) VALUES (:id, :name, '
                     ':unit, :entry_id, :name_key)',
            'settings': 'INSERT INTO settings (entry_id, name, value) VALUES (:entry_id, :name, '
                        ':value)',
            'townships': 'INSERT INTO townships (id, name, entry_id, name_key) VALUES (:id, '
                         ':name, :entry_id, :name_key)',
            'voids': 'INSERT INTO voids (entry_id, voided_entry_id, reason) VALUES (:entry_id, '
                     ':voided_entry_id, :reason)',
            'allocations': 'INSERT INTO allocations (entry_id, fund_id, date, amount_fen) VALUES '
                           '(:entry_id, :fund_id, :date, :amount_fen)',
            'fund_budgets': 'INSERT INTO fund_budgets (entry_id, fund_id, amount_fen) VALUES '
                            '(:entry_id, :fund_id, :amount_fen)',
            'item_packs': 'INSERT INTO item_packs (id, item_id, name, size, entry_id, name_key) '
                          'VALUES (:id, :item_id, :name, :size, :entry_id, :name_key)',
            'kit_components': 'INSERT INTO kit_components (entry_id, line_no, kit_id, '
                              'component_id, qty) VALUES (:entry_id, :line_no, :kit_id, '
                              ':component_id, :qty)',
            'locations': 'INSERT INTO locations (id, name, township_id, entry_id, name_key) '
                         'VALUES (:id, :name, :township_id, :entry_id, :name_key)',
            'units': 'INSERT INTO units (id, name, township_id, entry_id, name_key) VALUES (:id, '
                     ':name, :township_id, :entry_id, :name_key)',
            'assembly_lines': 'INSERT INTO assembly_lines (entry_id, line_no, date, location_id, '
                              'item_id, qty, value_fen, role, qty_text) VALUES (:entry_id, '
                              ':line_no, :date, :location_id, :item_id, :qty, :value_fen, :role, '
                              ':qty_text)',
            'count_lines': 'INSERT INTO count_lines (entry_id, line_no, date, location_id, '
                           'item_id, book_qty, counted_qty, qty, value_fen, qty_text) VALUES '
                           '(:entry_id, :line_no, :date, :location_id, :item_id, :book_qty, '
                           ':counted_qty, :qty, :value_fen, :qty_text)',
            'grants': 'INSERT INTO grants (entry_id, date, township_id, unit_id, fund_id, '
                      'batch_id, group_id, amount_fen, people, grants, purpose, households, '
                      'repeat_reason) VALUES (:entry_id, :date, :township_id, :unit_id, :fund_id, '
                      ':batch_id, :group_id, :amount_fen, :people, :grants, :purpose, '
                      ':households, :repeat_reason)',
            'purchases': 'INSERT INTO purchases (entry_id, date, item_id, qty, total_fen, '
                         'unit_price, supplier, fund_id, location_id, qty_text) VALUES '
                         '(:entry_id, :date, :item_id, :qty, :total_fen, :unit_price, :supplier, '
                         ':fund_id, :location_id, :qty_text)',
            'receipts': 'INSERT INTO receipts (entry_id, date, location_id, item_id, qty, '
                        'value_fen, source, giver, unit_value, of_entry_id, qty_text) VALUES '
                        '(:entry_id, :date, :location_id, :item_id, :qty, :value_fen, :source, '
                        ':giver, :unit_value, :of_entry_id, :qty_text)',
            'recipient_lines': 'INSERT INTO recipient_lines (entry_id, line_no, date, batch_id, '
                               'township_id, unit_id, group_id, id_type, person_hash, '
                               'masked_name, household_hash, amount_fen, persons, lists, people, '
                               'purpose_key, period_key, claim_no) VALUES (:entry_id, :line_no, '
                               ':date, :batch_id, :township_id, :unit_id, :group_id, :id_type, '
                               ':person_hash, :masked_name, :household_hash, :amount_fen, '
                               ':persons, :lists, :people, :purpose_key, :period_key, :claim_no)',
            'shipment_lines': 'INSERT INTO shipment_lines (entry_id, line_no, date, batch_id, '
                              'township_id, unit_id, group_id, item_id, qty, value_fen, people, '
                              'deliveries, location_id, households, qty_text) VALUES (:entry_id, '
                              ':line_no, :date, :batch_id, :township_id, :unit_id, :group_id, '
                              ':item_id, :qty, :value_fen, :people, :deliveries, :location_id, '
                              ':households, :qty_text)',
            'transfer_lines': 'INSERT INTO transfer_lines (entry_id, line_no, date, '
                              'from_location_id, to_location_id, item_id, qty, qty_text) VALUES '
                              '(:entry_id, :line_no, :date, :from_location_id, :to_location_id, '
                              ':item_id, :qty, :qty_text)',
            'writeoff_lines': 'INSERT INTO writeoff_lines (entry_id, line_no, date, location_id, '
                              'item_id, qty, value_fen, reason, qty_text) VALUES (:entry_id, '
                              ':line_no, :date, :location_id, :item_id, :qty, :value_fen, '
                              ':reason, :qty_text)'},
 'postgresql': {'entry_kinds': 'INSERT INTO entry_kinds (code, name) VALUES (%(code)s::VARCHAR, '
                               '%(name)s::VARCHAR)',
                'meta': 'INSERT INTO meta (key, value) VALUES (%(key)s::VARCHAR, '
                        '%(value)s::VARCHAR)',
                'entries': 'INSERT INTO entries (seq, id, kind, kind_no, event_date, recorded_at, '
                           'operator, ref, note, prev_hash, hash, ref_key) VALUES '
                           '(%(seq)s::INTEGER, %(id)s::VARCHAR, %(kind)s::VARCHAR, '
                           '%(kind_no)s::INTEGER, %(event_date)s::VARCHAR, '
                           '%(recorded_at)s::VARCHAR, %(operator)s::VARCHAR, %(ref)s::VARCHAR, '
                           '%(note)s::VARCHAR, %(prev_hash)s::VARCHAR, %(hash)s::VARCHAR, '
                           '%(ref_key)s::VARCHAR)',
                'batches': 'INSERT INTO batches (id, label, entry_id, label_key) VALUES '
                           '(%(id)s::INTEGER, %(label)s::VARCHAR, %(entry_id)s::VARCHAR, '
                           '%(label_key)s::VARCHAR)',
                'beneficiary_groups': 'INSERT INTO beneficiary_groups (id, name, entry_id, '
                                      'name_key) VALUES (%(id)s::INTEGER, %(name)s::VARCHAR, '
                                      '%(entry_id)s::VARCHAR, %(name_key)s::VARCHAR)',
                'funds': 'INSERT INTO funds (id, name, entry_id, name_key) VALUES '
                         '(%(id)s::INTEGER, %(name)s::VARCHAR, %(entry_id)s::VARCHAR, '
                         '%(name_key)s::VARCHAR)',
                'items': 'INSERT INTO items (id, name, unit, entry_id, name_key) VALUES '
                         '(%(id)s::INTEGER, %(name)s::VARCHAR, %(unit)s::VARCHAR, '
                         '%(entry_id)s::VARCHAR, %(name_key)s::VARCHAR)',
                'settings': 'INSERT INTO settings (entry_id, name, value) VALUES '
                            '(%(entry_id)s::VARCHAR, %(name)s::VARCHAR, %(value)s::VARCHAR)',
                'townships': 'INSERT INTO townships (id, name, entry_id, name_key) VALUES '
                             '(%(id)s::INTEGER, %(name)s::VARCHAR, %(entry_id)s::VARCHAR, '
                             '%(name_key)s::VARCHAR)',
                'voids': 'INSERT INTO voids (entry_id, voided_entry_id, reason) VALUES '
                         '(%(entry_id)s::VARCHAR, %(voided_entry_id)s::VARCHAR, '
                         '%(reason)s::VARCHAR)',
                'allocations': 'INSERT INTO allocations (entry_id, fund_id, date, amount_fen) '
                               'VALUES (%(entry_id)s::VARCHAR, %(fund_id)s::INTEGER, '
                               '%(date)s::VARCHAR, %(amount_fen)s::BIGINT)',
                'fund_budgets': 'INSERT INTO fund_budgets (entry_id, fund_id, amount_fen) VALUES '
                                '(%(entry_id)s::VARCHAR, %(fund_id)s::INTEGER, '
                                '%(amount_fen)s::BIGINT)',
                'item_packs': 'INSERT INTO item_packs (id, item_id, name, size, entry_id, '
                              'name_key) VALUES (%(id)s::INTEGER, %(item_id)s::INTEGER, '
                              '%(name)s::VARCHAR, %(size)s::BIGINT, %(entry_id)s::VARCHAR, '
                              '%(name_key)s::VARCHAR)',
                'kit_components': 'INSERT INTO kit_components (entry_id, line_no, kit_id, '
                                  'component_id, qty) VALUES (%(entry_id)s::VARCHAR, '
                                  '%(line_no)s::INTEGER, %(kit_id)s::INTEGER, '
                                  '%(component_id)s::INTEGER, %(qty)s::BIGINT)',
                'locations': 'INSERT INTO locations (id, name, township_id, entry_id, name_key) '
                             'VALUES (%(id)s::INTEGER, %(name)s::VARCHAR, '
                             '%(township_id)s::INTEGER, %(entry_id)s::VARCHAR, '
                             '%(name_key)s::VARCHAR)',
                'units': 'INSERT INTO units (id, name, township_id, entry_id, name_key) VALUES '
                         '(%(id)s::INTEGER, %(name)s::VARCHAR, %(township_id)s::INTEGER, '
                         '%(entry_id)s::VARCHAR, %(name_key)s::VARCHAR)',
                'assembly_lines': 'INSERT INTO assembly_lines (entry_id, line_no, date, '
                                  'location_id, item_id, qty, value_fen, role, qty_text) VALUES '
                                  '(%(entry_id)s::VARCHAR, %(line_no)s::INTEGER, '
                                  '%(date)s::VARCHAR, %(location_id)s::INTEGER, '
                                  '%(item_id)s::INTEGER, %(qty)s::BIGINT, %(value_fen)s::BIGINT, '
                                  '%(role)s::VARCHAR, %(qty_text)s::VARCHAR)',
                'count_lines': 'INSERT INTO count_lines (entry_id, line_no, date, location_id, '
                               'item_id, book_qty, counted_qty, qty, value_fen, qty_text) VALUES '
                               '(%(entry_id)s::VARCHAR, %(line_no)s::INTEGER, %(date)s::VARCHAR, '
                               '%(location_id)s::INTEGER, %(item_id)s::INTEGER, '
                               '%(book_qty)s::BIGINT, %(counted_qty)s::BIGINT, %(qty)s::BIGINT, '
                               '%(value_fen)s::BIGINT, %(qty_text)s::VARCHAR)',
                'grants': 'INSERT INTO grants (entry_id, date, township_id, unit_id, fund_id, '
                          'batch_id, group_id, amount_fen, people, grants, purpose, households, '
                          'repeat_reason) VALUES (%(entry_id)s::VARCHAR, %(date)s::VARCHAR, '
                          '%(township_id)s::INTEGER, %(unit_id)s::INTEGER, %(fund_id)s::INTEGER, '
                          '%(batch_id)s::INTEGER, %(group_id)s::INTEGER, %(amount_fen)s::BIGINT, '
                          '%(people)s::BIGINT, %(grants)s::INTEGER, %(purpose)s::VARCHAR, '
                          '%(households)s::BIGINT, %(repeat_reason)s::VARCHAR)',
                'purchases': 'INSERT INTO purchases (entry_id, date, item_id, qty, total_fen, '
                             'unit_price, supplier, fund_id, location_id, qty_text) VALUES '
                             '(%(entry_id)s::VARCHAR, %(date)s::VARCHAR, %(item_id)s::INTEGER, '
                             '%(qty)s::BIGINT, %(total_fen)s::BIGINT, %(unit_price)s::VARCHAR, '
                             '%(supplier)s::VARCHAR, %(fund_id)s::INTEGER, '
                             '%(location_id)s::INTEGER, %(qty_text)s::VARCHAR)',
                'receipts': 'INSERT INTO receipts (entry_id, date, location_id, item_id, qty, '
                            'value_fen, source, giver, unit_value, of_entry_id, qty_text) VALUES '
                            '(%(entry_id)s::VARCHAR, %(date)s::VARCHAR, %(location_id)s::INTEGER, '
                            '%(item_id)s::INTEGER, %(qty)s::BIGINT, %(value_fen)s::BIGINT, '
                            '%(source)s::VARCHAR, %(giver)s::VARCHAR, %(unit_value)s::VARCHAR, '
                            '%(of_entry_id)s::VARCHAR, %(qty_text)s::VARCHAR)',
                'recipient_lines': 'INSERT INTO recipient_lines (entry_id, line_no, date, '
                                   'batch_id, township_id, unit_id, group_id, id_type, '
                                   'person_hash, masked_name, household_hash, amount_fen, '
                                   'persons, lists, people, purpose_key, period_key, claim_no) '
                                   'VALUES (%(entry_id)s::VARCHAR, %(line_no)s::INTEGER, '
                                   '%(date)s::VARCHAR, %(batch_id)s::INTEGER, '
                                   '%(township_id)s::INTEGER, %(unit_id)s::INTEGER, '
                                   '%(group_id)s::INTEGER, %(id_type)s::VARCHAR, '
                                   '%(person_hash)s::VARCHAR, %(masked_name)s::VARCHAR, '
                                   '%(household_hash)s::VARCHAR, %(amount_fen)s::BIGINT, '
                                   '%(persons)s::INTEGER, %(lists)s::INTEGER, %(people)s::BIGINT, '
                                   '%(purpose_key)s::VARCHAR, %(period_key)s::VARCHAR, '
                                   '%(claim_no)s::INTEGER)',
                'shipment_lines': 'INSERT INTO shipment_lines (entry_id, line_no, date, batch_id, '
                                  'township_id, unit_id, group_id, item_id, qty, value_fen, '
                                  'people, deliveries, location_id, households, qty_text) VALUES '
                                  '(%(entry_id)s::VARCHAR, %(line_no)s::INTEGER, '
                                  '%(date)s::VARCHAR, %(batch_id)s::INTEGER, '
                                  '%(township_id)s::INTEGER, %(unit_id)s::INTEGER, '
                                  '%(group_id)s::INTEGER, %(item_id)s::INTEGER, %(qty)s::BIGINT, '
                                  '%(value_fen)s::BIGINT, %(people)s::BIGINT, '
                                  '%(deliveries)s::INTEGER, %(location_id)s::INTEGER, '
                                  '%(households)s::BIGINT, %(qty_text)s::VARCHAR)',
                'transfer_lines': 'INSERT INTO transfer_lines (entry_id, line_no, date, '
                                  'from_location_id, to_location_id, item_id, qty, qty_text) '
                                  'VALUES (%(entry_id)s::VARCHAR, %(line_no)s::INTEGER, '
                                  '%(date)s::VARCHAR, %(from_location_id)s::INTEGER, '
                                  '%(to_location_id)s::INTEGER, %(item_id)s::INTEGER, '
                                  '%(qty)s::BIGINT, %(qty_text)s::VARCHAR)',
                'writeoff_lines': 'INSERT INTO writeoff_lines (entry_id, line_no, date, '
                                  'location_id, item_id, qty, value_fen, reason, qty_text) VALUES '
                                  '(%(entry_id)s::VARCHAR, %(line_no)s::INTEGER, '
                                  '%(date)s::VARCHAR, %(location_id)s::INTEGER, '
                                  '%(item_id)s::INTEGER, %(qty)s::BIGINT, %(value_fen)s::BIGINT, '
                                  '%(reason)s::VARCHAR, %(qty_text)s::VARCHAR)'}}


#: Per version: the statements that take a ledger from the version before to it.
UPGRADES: Final[dict[int, dict[str, list[str]]]] = {2: {'sqlite': ['CREATE TABLE entry_kinds (\n'
                '    code VARCHAR(1) NOT NULL,\n'
                '    name VARCHAR(40) NOT NULL,\n'
                '    PRIMARY KEY (code)\n'
                ')',
                'CREATE TRIGGER entry_kinds_no_update BEFORE UPDATE ON entry_kinds\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'entry_kinds is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER entry_kinds_no_delete BEFORE DELETE ON entry_kinds\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'entry_kinds is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                "INSERT INTO entry_kinds (code, name) VALUES ('M', 'master data'), ('P', "
                "'purchase'), ('S', 'shipment'), ('G', 'grant'), ('V', 'void')",
                'CREATE TABLE entries__new (\n'
                '    seq INTEGER NOT NULL,\n'
                '    id VARCHAR(20) NOT NULL,\n'
                '    kind VARCHAR(1) NOT NULL,\n'
                '    kind_no INTEGER NOT NULL,\n'
                '    event_date VARCHAR(10) NOT NULL,\n'
                '    recorded_at VARCHAR(40) NOT NULL,\n'
                '    operator VARCHAR(100) NOT NULL,\n'
                '    ref VARCHAR(100),\n'
                '    note VARCHAR(2000),\n'
                '    prev_hash VARCHAR(64) NOT NULL,\n'
                '    hash VARCHAR(64) NOT NULL,\n'
                '    PRIMARY KEY (seq),\n'
                '    CONSTRAINT uq_entries_kind_no UNIQUE (kind, kind_no),\n'
                '    UNIQUE (id),\n'
                '    FOREIGN KEY(kind) REFERENCES entry_kinds (code),\n'
                '    UNIQUE (hash)\n'
                ')',
                'INSERT INTO entries__new (seq, id, kind, kind_no, event_date, recorded_at, '
                'operator, ref, note, prev_hash, hash) SELECT seq, id, kind, kind_no, event_date, '
                'recorded_at, operator, ref, note, prev_hash, hash FROM entries',
                'DROP TABLE entries',
                'ALTER TABLE entries__new RENAME TO entries',
                'CREATE INDEX ix_entries_event_date ON entries (event_date)',
                'CREATE INDEX ix_entries_kind_ref ON entries (kind, ref)',
                'CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'entries is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'entries is append-only: record a correction with "
                "reliefctl void');\n"
                'END'],
     'postgresql': ['CREATE TABLE entry_kinds (\n'
                    '    code VARCHAR(1) COLLATE "C" NOT NULL,\n'
                    '    name VARCHAR(40) COLLATE "C" NOT NULL,\n'
                    '    PRIMARY KEY (code)\n'
                    ')',
                    'CREATE TRIGGER entry_kinds_append_only BEFORE UPDATE OR DELETE ON '
                    'entry_kinds\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER entry_kinds_no_truncate BEFORE TRUNCATE ON entry_kinds\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    "INSERT INTO entry_kinds (code, name) VALUES ('M', 'master data'), ('P', "
                    "'purchase'), ('S', 'shipment'), ('G', 'grant'), ('V', 'void')",
                    'ALTER TABLE entries DROP CONSTRAINT ck_entries_kind',
                    'ALTER TABLE entries ADD FOREIGN KEY (kind) REFERENCES entry_kinds (code)']},
 3: {'sqlite': ["INSERT INTO entry_kinds (code, name) VALUES ('L', 'ledger setting')",
                'CREATE TABLE settings (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    name VARCHAR(40) NOT NULL,\n'
                '    value VARCHAR(200) NOT NULL,\n'
                '    PRIMARY KEY (entry_id, name),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE TRIGGER settings_no_update BEFORE UPDATE ON settings\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'settings is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'settings is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'ALTER TABLE entries ADD COLUMN ref_key VARCHAR(400)',
                'CREATE INDEX ix_entries_kind_ref_key ON entries (kind, ref_key, ref)',
                'ALTER TABLE batches ADD COLUMN label_key VARCHAR(400)',
                'CREATE UNIQUE INDEX uq_batches_label_key ON batches (label_key)',
                'ALTER TABLE beneficiary_groups ADD COLUMN name_key VARCHAR(400)',
                'CREATE UNIQUE INDEX uq_beneficiary_groups_name_key ON beneficiary_groups '
                '(name_key)',
                'ALTER TABLE funds ADD COLUMN name_key VARCHAR(400)',
                'CREATE UNIQUE INDEX uq_funds_name_key ON funds (name_key)',
                'ALTER TABLE items ADD COLUMN name_key VARCHAR(400)',
                'CREATE UNIQUE INDEX uq_items_name_key ON items (name_key)',
                'ALTER TABLE townships ADD COLUMN name_key VARCHAR(400)',
                'CREATE UNIQUE INDEX uq_townships_name_key ON townships (name_key)',
                'ALTER TABLE units ADD COLUMN name_key VARCHAR(400)',
                'CREATE UNIQUE INDEX uq_units_name_key ON units (name_key)'],
     'postgresql': ["INSERT INTO entry_kinds (code, name) VALUES ('L', 'ledger setting')",
                    'CREATE TABLE settings (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    name VARCHAR(40) COLLATE "C" NOT NULL,\n'
                    '    value VARCHAR(200) COLLATE "C" NOT NULL,\n'
                    '    PRIMARY KEY (entry_id, name),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                    ')',
                    'CREATE TRIGGER settings_append_only BEFORE UPDATE OR DELETE ON settings\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER settings_no_truncate BEFORE TRUNCATE ON settings\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'ALTER TABLE entries ADD COLUMN ref_key VARCHAR(400) COLLATE "C"',
                    'CREATE INDEX ix_entries_kind_ref_key ON entries (kind, ref_key, ref)',
                    'ALTER TABLE batches ADD COLUMN label_key VARCHAR(400) COLLATE "C"',
                    'CREATE UNIQUE INDEX uq_batches_label_key ON batches (label_key)',
                    'ALTER TABLE beneficiary_groups ADD COLUMN name_key VARCHAR(400) COLLATE "C"',
                    'CREATE UNIQUE INDEX uq_beneficiary_groups_name_key ON beneficiary_groups '
                    '(name_key)',
                    'ALTER TABLE funds ADD COLUMN name_key VARCHAR(400) COLLATE "C"',
                    'CREATE UNIQUE INDEX uq_funds_name_key ON funds (name_key)',
                    'ALTER TABLE items ADD COLUMN name_key VARCHAR(400) COLLATE "C"',
                    'CREATE UNIQUE INDEX uq_items_name_key ON items (name_key)',
                    'ALTER TABLE townships ADD COLUMN name_key VARCHAR(400) COLLATE "C"',
                    'CREATE UNIQUE INDEX uq_townships_name_key ON townships (name_key)',
                    'ALTER TABLE units ADD COLUMN name_key VARCHAR(400) COLLATE "C"',
                    'CREATE UNIQUE INDEX uq_units_name_key ON units (name_key)']},
 4: {'sqlite': ["INSERT INTO entry_kinds (code, name) VALUES ('B', 'allocation')",
                'CREATE TABLE allocations (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    fund_id INTEGER NOT NULL,\n'
                '    date VARCHAR(10),\n'
                '    amount_fen BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_allocations_amount CHECK (amount_fen <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(fund_id) REFERENCES funds (id)\n'
                ')',
                'CREATE INDEX ix_allocations_fund ON allocations (fund_id, date, amount_fen)',
                'CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'allocations is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'allocations is append-only: record a correction with "
                "reliefctl void');\n"
                'END'],
     'postgresql': ["INSERT INTO entry_kinds (code, name) VALUES ('B', 'allocation')",
                    'CREATE TABLE allocations (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    fund_id INTEGER NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C",\n'
                    '    amount_fen BIGINT NOT NULL,\n'
                    '    PRIMARY KEY (entry_id),\n'
                    '    CONSTRAINT ck_allocations_amount CHECK (amount_fen <> 0),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(fund_id) REFERENCES funds (id)\n'
                    ')',
                    'CREATE INDEX ix_allocations_fund ON allocations (fund_id, date, amount_fen)',
                    'CREATE TRIGGER allocations_append_only BEFORE UPDATE OR DELETE ON '
                    'allocations\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER allocations_no_truncate BEFORE TRUNCATE ON allocations\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()']},
 5: {'sqlite': ["INSERT INTO entry_kinds (code, name) VALUES ('R', 'receipt'), ('T', 'transfer'), "
                "('W', 'write-off'), ('C', 'count')",
                'CREATE TABLE locations (\n'
                '    id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) NOT NULL,\n'
                '    township_id INTEGER,\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    name_key VARCHAR(400) NOT NULL,\n'
                '    PRIMARY KEY (id),\n'
                '    UNIQUE (name),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE UNIQUE INDEX uq_locations_name_key ON locations (name_key)',
                'CREATE TRIGGER locations_no_update BEFORE UPDATE ON locations\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'locations is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER locations_no_delete BEFORE DELETE ON locations\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'locations is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE count_lines (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    book_qty BIGINT NOT NULL,\n'
                '    counted_qty BIGINT NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE INDEX ix_count_lines_item_location ON count_lines (item_id, location_id, '
                'date)',
                'CREATE TRIGGER count_lines_no_update BEFORE UPDATE ON count_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'count_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER count_lines_no_delete BEFORE DELETE ON count_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'count_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE receipts (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    date VARCHAR(10) NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    source VARCHAR(20) NOT NULL,\n'
                '    giver VARCHAR(2000),\n'
                '    unit_value VARCHAR(40),\n'
                '    of_entry_id VARCHAR(20),\n'
                '    PRIMARY KEY (entry_id),\n'
                '    CONSTRAINT ck_receipts_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(of_entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE INDEX ix_receipts_item_date ON receipts (item_id, date)',
                'CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'receipts is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'receipts is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE transfer_lines (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) NOT NULL,\n'
                '    from_location_id INTEGER NOT NULL,\n'
                '    to_location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_transfer_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(from_location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(to_location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE INDEX ix_transfer_lines_item_date ON transfer_lines (item_id, date)',
                'CREATE TRIGGER transfer_lines_no_update BEFORE UPDATE ON transfer_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'transfer_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER transfer_lines_no_delete BEFORE DELETE ON transfer_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'transfer_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE writeoff_lines (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    reason VARCHAR(20) NOT NULL,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_writeoff_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE INDEX ix_writeoff_lines_item_date ON writeoff_lines (item_id, date)',
                'CREATE TRIGGER writeoff_lines_no_update BEFORE UPDATE ON writeoff_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'writeoff_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER writeoff_lines_no_delete BEFORE DELETE ON writeoff_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'writeoff_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'ALTER TABLE purchases ADD COLUMN location_id INTEGER REFERENCES locations (id)',
                'ALTER TABLE shipment_lines ADD COLUMN location_id INTEGER REFERENCES locations '
                '(id)'],
     'postgresql': ["INSERT INTO entry_kinds (code, name) VALUES ('R', 'receipt'), ('T', "
                    "'transfer'), ('W', 'write-off'), ('C', 'count')",
                    'CREATE TABLE locations (\n'
                    '    id INTEGER NOT NULL,\n'
                    '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                    '    township_id INTEGER,\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    name_key VARCHAR(400) COLLATE "C" NOT NULL,\n'
                    '    PRIMARY KEY (id),\n'
                    '    UNIQUE (name),\n'
                    '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                    ')',
                    'CREATE UNIQUE INDEX uq_locations_name_key ON locations (name_key)',
                    'CREATE TRIGGER locations_append_only BEFORE UPDATE OR DELETE ON locations\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER locations_no_truncate BEFORE TRUNCATE ON locations\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE count_lines (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    line_no INTEGER NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    location_id INTEGER NOT NULL,\n'
                    '    item_id INTEGER NOT NULL,\n'
                    '    book_qty BIGINT NOT NULL,\n'
                    '    counted_qty BIGINT NOT NULL,\n'
                    '    qty BIGINT NOT NULL,\n'
                    '    value_fen BIGINT NOT NULL,\n'
                    '    PRIMARY KEY (entry_id, line_no),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                    '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                    ')',
                    'CREATE INDEX ix_count_lines_item_location ON count_lines (item_id, '
                    'location_id, date)',
                    'CREATE TRIGGER count_lines_append_only BEFORE UPDATE OR DELETE ON '
                    'count_lines\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER count_lines_no_truncate BEFORE TRUNCATE ON count_lines\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE receipts (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    location_id INTEGER NOT NULL,\n'
                    '    item_id INTEGER NOT NULL,\n'
                    '    qty BIGINT NOT NULL,\n'
                    '    value_fen BIGINT NOT NULL,\n'
                    '    source VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    giver VARCHAR(2000) COLLATE "C",\n'
                    '    unit_value VARCHAR(40) COLLATE "C",\n'
                    '    of_entry_id VARCHAR(20) COLLATE "C",\n'
                    '    PRIMARY KEY (entry_id),\n'
                    '    CONSTRAINT ck_receipts_qty CHECK (qty <> 0),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                    '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                    '    FOREIGN KEY(of_entry_id) REFERENCES entries (id)\n'
                    ')',
                    'CREATE INDEX ix_receipts_item_date ON receipts (item_id, date)',
                    'CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON receipts\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE transfer_lines (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    line_no INTEGER NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    from_location_id INTEGER NOT NULL,\n'
                    '    to_location_id INTEGER NOT NULL,\n'
                    '    item_id INTEGER NOT NULL,\n'
                    '    qty BIGINT NOT NULL,\n'
                    '    PRIMARY KEY (entry_id, line_no),\n'
                    '    CONSTRAINT ck_transfer_lines_qty CHECK (qty <> 0),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(from_location_id) REFERENCES locations (id),\n'
                    '    FOREIGN KEY(to_location_id) REFERENCES locations (id),\n'
                    '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                    ')',
                    'CREATE INDEX ix_transfer_lines_item_date ON transfer_lines (item_id, date)',
                    'CREATE TRIGGER transfer_lines_append_only BEFORE UPDATE OR DELETE ON '
                    'transfer_lines\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER transfer_lines_no_truncate BEFORE TRUNCATE ON transfer_lines\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE writeoff_lines (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    line_no INTEGER NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    location_id INTEGER NOT NULL,\n'
                    '    item_id INTEGER NOT NULL,\n'
                    '    qty BIGINT NOT NULL,\n'
                    '    value_fen BIGINT NOT NULL,\n'
                    '    reason VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    PRIMARY KEY (entry_id, line_no),\n'
                    '    CONSTRAINT ck_writeoff_lines_qty CHECK (qty <> 0),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                    '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                    ')',
                    'CREATE INDEX ix_writeoff_lines_item_date ON writeoff_lines (item_id, date)',
                    'CREATE TRIGGER writeoff_lines_append_only BEFORE UPDATE OR DELETE ON '
                    'writeoff_lines\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER writeoff_lines_no_truncate BEFORE TRUNCATE ON writeoff_lines\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'ALTER TABLE purchases ADD COLUMN location_id INTEGER REFERENCES locations '
                    '(id)',
                    'ALTER TABLE shipment_lines ADD COLUMN location_id INTEGER REFERENCES '
                    'locations (id)']},
 6: {'sqlite': ['ALTER TABLE grants ADD COLUMN households BIGINT',
                'ALTER TABLE shipment_lines ADD COLUMN households BIGINT',
                'CREATE INDEX ix_shipment_lines_households ON shipment_lines (batch_id, '
                'township_id, date, households) WHERE households IS NOT NULL'],
     'postgresql': ['ALTER TABLE grants ADD COLUMN households BIGINT',
                    'ALTER TABLE shipment_lines ADD COLUMN households BIGINT',
                    'CREATE INDEX ix_shipment_lines_households ON shipment_lines (batch_id, '
                    'township_id, date, households) WHERE households IS NOT NULL']},
 7: {'sqlite': ["INSERT INTO entry_kinds (code, name) VALUES ('A', 'assembly'), ('D', "
                "'disassembly')",
                'CREATE TABLE item_packs (\n'
                '    id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    name VARCHAR(100) NOT NULL,\n'
                '    size BIGINT NOT NULL,\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    name_key VARCHAR(400) NOT NULL,\n'
                '    PRIMARY KEY (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                ')',
                'CREATE UNIQUE INDEX uq_item_packs_item_name_key ON item_packs (item_id, '
                'name_key)',
                'CREATE TRIGGER item_packs_no_update BEFORE UPDATE ON item_packs\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'item_packs is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER item_packs_no_delete BEFORE DELETE ON item_packs\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'item_packs is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE kit_components (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    kit_id INTEGER NOT NULL,\n'
                '    component_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_kit_components_qty CHECK (qty > 0),\n'
                '    CONSTRAINT uq_kit_components UNIQUE (kit_id, component_id),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(kit_id) REFERENCES items (id),\n'
                '    FOREIGN KEY(component_id) REFERENCES items (id)\n'
                ')',
                'CREATE TRIGGER kit_components_no_update BEFORE UPDATE ON kit_components\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'kit_components is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER kit_components_no_delete BEFORE DELETE ON kit_components\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'kit_components is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE assembly_lines (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) NOT NULL,\n'
                '    location_id INTEGER NOT NULL,\n'
                '    item_id INTEGER NOT NULL,\n'
                '    qty BIGINT NOT NULL,\n'
                '    value_fen BIGINT NOT NULL,\n'
                '    role VARCHAR(20) NOT NULL,\n'
                '    qty_text VARCHAR(200),\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_assembly_lines_qty CHECK (qty <> 0),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                ')',
                'CREATE INDEX ix_assembly_lines_item_date ON assembly_lines (item_id, date)',
                'CREATE TRIGGER assembly_lines_no_update BEFORE UPDATE ON assembly_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'assembly_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TRIGGER assembly_lines_no_delete BEFORE DELETE ON assembly_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'assembly_lines is append-only: record a correction with "
                "reliefctl void');\n"
                'END',
                'CREATE TABLE recipient_lines (\n'
                '    entry_id VARCHAR(20) NOT NULL,\n'
                '    line_no INTEGER NOT NULL,\n'
                '    date VARCHAR(10) NOT NULL,\n'
                '    batch_id INTEGER,\n'
                '    township_id INTEGER NOT NULL,\n'
                '    unit_id INTEGER,\n'
                '    group_id INTEGER,\n'
                '    id_type VARCHAR(10) NOT NULL,\n'
                '    person_hash VARCHAR(64) NOT NULL,\n'
                '    masked_name VARCHAR(400) NOT NULL,\n'
                '    household_hash VARCHAR(64),\n'
                '    amount_fen BIGINT,\n'
                '    persons INTEGER NOT NULL,\n'
                '    lists INTEGER NOT NULL,\n'
                '    people BIGINT NOT NULL,\n'
                '    purpose_key VARCHAR(400),\n'
                '    period_key VARCHAR(20),\n'
                '    claim_no INTEGER,\n'
                '    PRIMARY KEY (entry_id, line_no),\n'
                '    CONSTRAINT ck_recipient_lines_persons CHECK (persons IN (1, -1)),\n'
                '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
                '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
                '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)\n'
                ')',
                'CREATE INDEX ix_recipient_lines_person ON recipient_lines (person_hash, date)',
                'CREATE INDEX ix_recipient_lines_report ON recipient_lines (batch_id, '
                'township_id, date, person_hash)',
                'CREATE UNIQUE INDEX uq_recipient_lines_claim ON recipient_lines (purpose_key, '
                'period_key, person_hash, claim_no) WHERE persons > 0 AND claim_no IS NOT NULL',
                'CREATE TRIGGER recipient_lines_no_update BEFORE UPDATE ON recipient_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'recipient_lines is append-only: record a correction "
                "with reliefctl void');\n"
                'END',
                'CREATE TRIGGER recipient_lines_no_delete BEFORE DELETE ON recipient_lines\n'
                'BEGIN\n'
                "    SELECT RAISE(ABORT, 'recipient_lines is append-only: record a correction "
                "with reliefctl void');\n"
                'END',
                'ALTER TABLE count_lines ADD COLUMN qty_text VARCHAR(200)',
                'ALTER TABLE grants ADD COLUMN repeat_reason VARCHAR(2000)',
                'ALTER TABLE purchases ADD COLUMN qty_text VARCHAR(200)',
                'ALTER TABLE receipts ADD COLUMN qty_text VARCHAR(200)',
                'ALTER TABLE shipment_lines ADD COLUMN qty_text VARCHAR(200)',
                'ALTER TABLE transfer_lines ADD COLUMN qty_text VARCHAR(200)',
                'ALTER TABLE writeoff_lines ADD COLUMN qty_text VARCHAR(200)'],
     'postgresql': ["INSERT INTO entry_kinds (code, name) VALUES ('A', 'assembly'), ('D', "
                    "'disassembly')",
                    'CREATE TABLE item_packs (\n'
                    '    id INTEGER NOT NULL,\n'
                    '    item_id INTEGER NOT NULL,\n'
                    '    name VARCHAR(100) COLLATE "C" NOT NULL,\n'
                    '    size BIGINT NOT NULL,\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    name_key VARCHAR(400) COLLATE "C" NOT NULL,\n'
                    '    PRIMARY KEY (id),\n'
                    '    FOREIGN KEY(item_id) REFERENCES items (id),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id)\n'
                    ')',
                    'CREATE UNIQUE INDEX uq_item_packs_item_name_key ON item_packs (item_id, '
                    'name_key)',
                    'CREATE TRIGGER item_packs_append_only BEFORE UPDATE OR DELETE ON item_packs\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER item_packs_no_truncate BEFORE TRUNCATE ON item_packs\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE kit_components (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    line_no INTEGER NOT NULL,\n'
                    '    kit_id INTEGER NOT NULL,\n'
                    '    component_id INTEGER NOT NULL,\n'
                    '    qty BIGINT NOT NULL,\n'
                    '    PRIMARY KEY (entry_id, line_no),\n'
                    '    CONSTRAINT ck_kit_components_qty CHECK (qty > 0),\n'
                    '    CONSTRAINT uq_kit_components UNIQUE (kit_id, component_id),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(kit_id) REFERENCES items (id),\n'
                    '    FOREIGN KEY(component_id) REFERENCES items (id)\n'
                    ')',
                    'CREATE TRIGGER kit_components_append_only BEFORE UPDATE OR DELETE ON '
                    'kit_components\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER kit_components_no_truncate BEFORE TRUNCATE ON kit_components\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE assembly_lines (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    line_no INTEGER NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    location_id INTEGER NOT NULL,\n'
                    '    item_id INTEGER NOT NULL,\n'
                    '    qty BIGINT NOT NULL,\n'
                    '    value_fen BIGINT NOT NULL,\n'
                    '    role VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    qty_text VARCHAR(200) COLLATE "C",\n'
                    '    PRIMARY KEY (entry_id, line_no),\n'
                    '    CONSTRAINT ck_assembly_lines_qty CHECK (qty <> 0),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(location_id) REFERENCES locations (id),\n'
                    '    FOREIGN KEY(item_id) REFERENCES items (id)\n'
                    ')',
                    'CREATE INDEX ix_assembly_lines_item_date ON assembly_lines (item_id, date)',
                    'CREATE TRIGGER assembly_lines_append_only BEFORE UPDATE OR DELETE ON '
                    'assembly_lines\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER assembly_lines_no_truncate BEFORE TRUNCATE ON assembly_lines\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TABLE recipient_lines (\n'
                    '    entry_id VARCHAR(20) COLLATE "C" NOT NULL,\n'
                    '    line_no INTEGER NOT NULL,\n'
                    '    date VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    batch_id INTEGER,\n'
                    '    township_id INTEGER NOT NULL,\n'
                    '    unit_id INTEGER,\n'
                    '    group_id INTEGER,\n'
                    '    id_type VARCHAR(10) COLLATE "C" NOT NULL,\n'
                    '    person_hash VARCHAR(64) COLLATE "C" NOT NULL,\n'
                    '    masked_name VARCHAR(400) COLLATE "C" NOT NULL,\n'
                    '    household_hash VARCHAR(64) COLLATE "C",\n'
                    '    amount_fen BIGINT,\n'
                    '    persons INTEGER NOT NULL,\n'
                    '    lists INTEGER NOT NULL,\n'
                    '    people BIGINT NOT NULL,\n'
                    '    purpose_key VARCHAR(400) COLLATE "C",\n'
                    '    period_key VARCHAR(20) COLLATE "C",\n'
                    '    claim_no INTEGER,\n'
                    '    PRIMARY KEY (entry_id, line_no),\n'
                    '    CONSTRAINT ck_recipient_lines_persons CHECK (persons IN (1, -1)),\n'
                    '    FOREIGN KEY(entry_id) REFERENCES entries (id),\n'
                    '    FOREIGN KEY(batch_id) REFERENCES batches (id),\n'
                    '    FOREIGN KEY(township_id) REFERENCES townships (id),\n'
                    '    FOREIGN KEY(unit_id) REFERENCES units (id),\n'
                    '    FOREIGN KEY(group_id) REFERENCES beneficiary_groups (id)\n'
                    ')',
                    'CREATE INDEX ix_recipient_lines_person ON recipient_lines (person_hash, '
                    'date)',
                    'CREATE INDEX ix_recipient_lines_report ON recipient_lines (batch_id, '
                    'township_id, date, person_hash)',
                    'CREATE UNIQUE INDEX uq_recipient_lines_claim ON recipient_lines '
                    '(purpose_key, period_key, person_hash, claim_no) WHERE persons > 0 AND '
                    'claim_no IS NOT NULL',
                    'CREATE TRIGGER recipient_lines_append_only BEFORE UPDATE OR DELETE ON '
                    'recipient_lines\n'
                    '    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()',
                    'CREATE TRIGGER recipient_lines_no_truncate BEFORE TRUNCATE ON '
                    'recipient_lines\n'
                    '    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()',
                    'ALTER TABLE count_lines ADD COLUMN qty_text VARCHAR(200) COLLATE "C"',
                    'ALTER TABLE grants ADD COLUMN repeat_reason VARCHAR(2000) COLLATE "C"',
                    'ALTER TABLE purchases ADD COLUMN qty_text VARCHAR(200) COLLATE "C"',
                    'ALTER TABLE receipts ADD COLUMN qty_text VARCHAR(200) COLLATE "C"',
                    'ALTER TABLE shipment_lines ADD COLUMN qty_text VARCHAR(200) COLLATE "C"',
                    'ALTER TABLE transfer_lines ADD COLUMN qty_text VARCHAR(200) COLLATE "C"',
                    'ALTER TABLE writeoff_lines ADD COLUMN qty_text VARCHAR(200) COLLATE "C"']}}
