// @ts-check

/**
 * The RBAC binding whose grant a finding is about, as JSON
 * (`{"kind":"ClusterRoleBinding","name":"…"}`, a RoleBinding with its namespace); null for
 * findings of other checks and for rows written before the column existed (the next scan
 * of their cluster fills it: their content hash no longer matches).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kube_security_findings', table => {
    table
      .text('grant_ref')
      .nullable()
      .comment('JSON reference to the granting RBAC binding, if any');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kube_security_findings', table => {
    table.dropColumn('grant_ref');
  });
};
