// @ts-check

/**
 * The ids of the public standard controls a finding answers (`CIS 5.2.2`,
 * `PSS baseline: Privileged Containers`, …), as a JSON array; null for findings written
 * before the column existed and for findings that answer none.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kube_security_findings', table => {
    table
      .text('standards')
      .nullable()
      .comment('JSON array of standard control ids, e.g. ["CIS 5.2.2"]');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kube_security_findings', table => {
    table.dropColumn('standards');
  });
};
