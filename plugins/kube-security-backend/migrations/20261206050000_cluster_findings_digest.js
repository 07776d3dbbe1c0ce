// @ts-check

/**
 * A digest of the findings a cluster's last good scan reported (each finding's content
 * digest with its id, in the scan's order), kept while the cluster's open findings are
 * exactly those (none carried over by a partial scan). A rescan whose findings give the
 * same digest changes no finding row, so it does not read them. Null: the next scan
 * compares row by row. Whatever else writes findings (a catalog remap) clears it, and so
 * must a later migration that changes how findings are stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kube_security_clusters', table => {
    table
      .string('findings_digest', 64)
      .nullable()
      .comment(
        'Digest of the findings of the last good scan while they are the open findings',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kube_security_clusters', table => {
    table.dropColumn('findings_digest');
  });
};
