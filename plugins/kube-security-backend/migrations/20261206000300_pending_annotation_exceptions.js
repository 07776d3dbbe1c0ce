// @ts-check

/**
 * Annotation exceptions a scan read but does not honour (an annotation on an object whose
 * findings belong to the cluster's Resource, while the configuration does not allow
 * those): kept per cluster, replaced by each scan, and shown as pending.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'kube_security_pending_annotation_exceptions',
    table => {
      table.comment('Annotation exceptions read by a scan but not honoured');
      table.bigIncrements('id').primary();
      table.string('cluster', 255).notNullable();
      table.string('entity_ref', 512).notNullable();
      table
        .text('declaration')
        .notNullable()
        .comment('JSON of the declaration');
      table.text('reason').notNullable();
      table.timestamp('seen_at', { useTz: true }).notNullable();
      table.index(['cluster'], 'kube_security_pending_ann_cluster_idx');
      table.index(['entity_ref'], 'kube_security_pending_ann_entity_idx');
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_pending_annotation_exceptions');
};
