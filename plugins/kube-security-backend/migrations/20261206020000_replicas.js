// @ts-check

/**
 * The backend replicas that share the scans: each renews its lease while it runs; the
 * clusters are divided among the replicas whose lease holds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_replicas', table => {
    table.comment('Backend replicas sharing the scans, each with a lease');
    table.string('id', 64).primary();
    table.timestamp('lease_expires_at', { useTz: true }).notNullable();
    table.index(['lease_expires_at'], 'kube_security_replicas_lease_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_replicas');
};
