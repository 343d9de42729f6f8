import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSchemaJson } from './schema-json';
import type { AvroSchema } from './avro-types';

/** One bundled quickstart: its Confluent Cloud `quickstart` value, schema file and default key field. */
export interface QuickstartDefinition {
  /** Upper-case name as Confluent Cloud's `quickstart` recommended values list it. */
  name: string;
  /** Name of the enum constant in kafka-connect-datagen (lower case); differs only for USERS_ARRAY. */
  connectorName: string;
  file: string;
  /** The connector's default `schema.keyfield` for this quickstart. */
  keyField: string;
}

// Order and names follow the `quickstart` `recommended_values` of Confluent's fully-managed connector template (confluentinc/connect-migration-utility `templates/fm/DatagenSource_resolved_templates.json`);
// key fields follow kafka-connect-datagen's `Quickstart` enum (github.com/confluentinc/kafka-connect-datagen).
const DEFINITIONS: readonly QuickstartDefinition[] = [
  q('CLICKSTREAM_CODES', 'clickstream_codes_schema.avro', 'code'),
  q('CLICKSTREAM', 'clickstream_schema.avro', 'ip'),
  q('CLICKSTREAM_USERS', 'clickstream_users_schema.avro', 'user_id'),
  q('ORDERS', 'orders_schema.avro', 'orderid'),
  q('RATINGS', 'ratings_schema.avro', 'rating_id'),
  q('USERS', 'users_schema.avro', 'userid'),
  // Cloud lists USERS_ARRAY and its template rewrites it to the connector's USERS_ (users_array_map_schema).
  { name: 'USERS_ARRAY', connectorName: 'users_', file: 'users_array_map_schema.avro', keyField: 'userid' },
  q('PAGEVIEWS', 'pageviews_schema.avro', 'viewtime'),
  q('STOCK_TRADES', 'stock_trades_schema.avro', 'symbol'),
  q('INVENTORY', 'inventory.avro', 'id'),
  q('PRODUCT', 'product.avro', 'id'),
  q('PURCHASES', 'purchase.avro', 'id'),
  q('TRANSACTIONS', 'transactions.avro', 'transaction_id'),
  q('STORES', 'stores.avro', 'store_id'),
  q('CREDIT_CARDS', 'credit_cards.avro', 'card_id'),
  q('CAMPAIGN_FINANCE', 'campaign_finance.avro', 'candidate_id'),
  q('FLEET_MGMT_DESCRIPTION', 'fleet_mgmt_description.avro', 'vehicle_id'),
  q('FLEET_MGMT_LOCATION', 'fleet_mgmt_location.avro', 'vehicle_id'),
  q('FLEET_MGMT_SENSORS', 'fleet_mgmt_sensors.avro', 'vehicle_id'),
  q('PIZZA_ORDERS', 'pizza_orders.avro', 'store_id'),
  q('PIZZA_ORDERS_COMPLETED', 'pizza_orders_completed.avro', 'store_id'),
  q('PIZZA_ORDERS_CANCELLED', 'pizza_orders_cancelled.avro', 'store_id'),
  q('INSURANCE_OFFERS', 'insurance_offers.avro', 'offer_id'),
  q('INSURANCE_CUSTOMERS', 'insurance_customers.avro', 'customer_id'),
  q('INSURANCE_CUSTOMER_ACTIVITY', 'insurance_customer_activity.avro', 'activity_id'),
  q('GAMING_GAMES', 'gaming_games.avro', 'id'),
  q('GAMING_PLAYERS', 'gaming_players.avro', 'player_id'),
  q('GAMING_PLAYER_ACTIVITY', 'gaming_player_activity.avro', 'player_id'),
  q('PAYROLL_EMPLOYEE', 'payroll_employee.avro', 'employee_id'),
  q('PAYROLL_EMPLOYEE_LOCATION', 'payroll_employee_location.avro', 'employee_id'),
  q('PAYROLL_BONUS', 'payroll_bonus.avro', 'employee_id'),
  q('SYSLOG_LOGS', 'syslog_logs.avro', 'host'),
  q('DEVICE_INFORMATION', 'device_information.avro', 'device_ip'),
  q('SIEM_LOGS', 'siem_logs.avro', 'hostname'),
  q('SHOES', 'shoes.avro', 'id'),
  q('SHOE_CUSTOMERS', 'shoe_customers.avro', 'id'),
  q('SHOE_ORDERS', 'shoe_orders.avro', 'order_id'),
  q('SHOE_CLICKSTREAM', 'shoe_clickstream.avro', 'product_id'),
];

function q(name: string, file: string, keyField: string): QuickstartDefinition {
  return { name, connectorName: name.toLowerCase(), file, keyField };
}

/** Cloud quickstart names in the managed template's order (what validate offers as recommended values). */
export const QUICKSTART_NAMES: readonly string[] = DEFINITIONS.map((d) => d.name);

const BY_NAME = new Map<string, QuickstartDefinition>();
for (const d of DEFINITIONS) {
  BY_NAME.set(d.name.toLowerCase(), d);
  BY_NAME.set(d.connectorName, d);
}

export const QUICKSTARTS_DIR = join(__dirname, '..', 'quickstarts');

/**
 * Looks a quickstart up case-insensitively, by its Cloud name (`USERS_ARRAY`) or the self-managed
 * connector's (`users_`), as both products accept any case.
 */
export function findQuickstart(name: string): QuickstartDefinition | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

const schemaCache = new Map<string, AvroSchema>();

/** The quickstart's Avro schema (parsed once; callers must not mutate it). */
export function loadQuickstartSchema(def: QuickstartDefinition): AvroSchema {
  let schema = schemaCache.get(def.file);
  if (!schema) {
    schema = parseSchemaJson(readFileSync(join(QUICKSTARTS_DIR, def.file), 'utf8'));
    schemaCache.set(def.file, schema);
  }
  return schema;
}

export function listQuickstarts(): readonly QuickstartDefinition[] {
  return DEFINITIONS;
}
