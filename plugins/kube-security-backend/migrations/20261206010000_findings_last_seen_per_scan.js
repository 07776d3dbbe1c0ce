// @ts-check

/**
 * Last-seen per scan instead of per finding: an open finding that the cluster's last good
 * scan saw keeps `last_seen_at` null, and its last-seen time is that scan's
 * (`kube_security_clusters.last_good_scan_at`). Only findings that stopped being seen (resolved,
 * or carried over by a partial scan that could not see their item) hold their own time.
 * So an identical rescan writes no finding row.
 *
 * Existing rows: open findings written by their cluster's last good scan get null (their
 * time is that scan's); every other row keeps its time.
 *
 * `content_hash` is a digest of the content columns as stored, so that a rescan reads a
 * few columns of the cluster's findings rather than all of them to tell what changed.
 * Existing rows have none: the next scan of their cluster compares them column by column
 * once and fills it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kube_security_findings', table => {
    table.setNullable('last_seen_at');
    table
      .string('content_hash', 40)
      .nullable()
      .comment('SHA-1 of the content columns; null until the next scan');
  });
  await knex('kube_security_findings')
    .whereNull('resolved_at')
    .whereRaw(
      `last_scan_id = (select c.last_good_scan_id from kube_security_clusters c where c.name = kube_security_findings.cluster)`,
    )
    .update({ last_seen_at: null });
};

/**
 * Gives every row its own last-seen time again (its cluster's last good scan, or its
 * first-seen time when the cluster is gone) and makes the column required.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('kube_security_findings')
    .whereNull('last_seen_at')
    .update({
      last_seen_at: knex.raw(
        `coalesce((select c.last_good_scan_at from kube_security_clusters c where c.name = kube_security_findings.cluster), first_seen_at)`,
      ),
    });
  await knex.schema.alterTable('kube_security_findings', table => {
    table.dropNullable('last_seen_at');
    table.dropColumn('content_hash');
  });
};
