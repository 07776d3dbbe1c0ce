// @ts-check

/**
 * One row that counts aggregate writes. Every write of the summaries adds one, inside the
 * same transaction; a recompute that updates only what changed checks that the count is
 * still the one its cached summaries came from (no other writer since, e.g. another
 * replica), and recomputes everything otherwise.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_aggregate_state', table => {
    table.comment('How many times the aggregates were written (one row)');
    table.integer('id').primary().notNullable();
    table.bigInteger('generation').notNullable().defaultTo(0);
  });
  await knex('kube_security_aggregate_state').insert({ id: 1, generation: 0 });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_aggregate_state');
};
