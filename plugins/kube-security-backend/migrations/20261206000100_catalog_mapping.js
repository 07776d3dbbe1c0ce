// @ts-check

/**
 * Issue 13 (catalog readiness, removed clusters, duplicate claims).
 *
 * - catalog_mapping: one row ('current') holding the last catalog read successfully, as the
 *   mapping uses it (mapped entities, teams, when each claim was first seen) with its hash,
 *   and the mapping conflicts found. A replica that cannot read the catalog maps with it;
 *   the row is locked while a catalog change is mapped, so one replica maps each change.
 * - clusters.retired_at: set when a cluster is no longer configured; its findings are kept
 *   (shown, not scored) until pruned.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_catalog_mapping', table => {
    table.comment('The last catalog read successfully, as the mapping uses it');
    table.string('id', 32).primary().notNullable();
    table.string('hash', 64).notNullable();
    table.text('catalog').nullable().comment('JSON: entities, teams, claims');
    table.text('conflicts').nullable().comment('JSON array of conflicts');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.alterTable('kube_security_clusters', table => {
    table
      .timestamp('retired_at', { useTz: true })
      .nullable()
      .comment(
        'when the cluster left the configuration; null while configured',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kube_security_clusters', table => {
    table.dropColumn('retired_at');
  });
  await knex.schema.dropTable('kube_security_catalog_mapping');
};
