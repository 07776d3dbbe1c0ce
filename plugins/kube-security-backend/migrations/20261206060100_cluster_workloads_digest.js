// @ts-check

/**
 * A digest of the workloads a cluster's last good scan reported (as their rows hold them,
 * in the scan's order), like `findings_digest`: a rescan whose workloads give the same
 * digest, while the cluster still has as many workload rows, reads and writes no workload
 * row. Null: the next scan compares row by row. Whatever else writes workloads (a catalog
 * remap) clears it, and so must a later migration that changes how workloads are stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kube_security_clusters', table => {
    table
      .string('workloads_digest', 64)
      .nullable()
      .comment('Digest of the workloads of the last good scan');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kube_security_clusters', table => {
    table.dropColumn('workloads_digest');
  });
};
