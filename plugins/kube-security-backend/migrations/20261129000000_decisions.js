// @ts-check

/**
 * Decisions teams make on their plan, and what was told to them.
 *
 * - exceptions: accepted risks (one finding, one check on one resource, or a whole item of
 *   an entity), from the UI or from `kube-security.io/accept.*` annotations. Never deleted:
 *   revoking or expiring keeps the row for the record.
 * - attestations: statements that an item no API can prove is done, with evidence.
 * - audit: who created, revoked or let expire which decision, when and why.
 * - notifications: keys of notifications already sent, so rescans never repeat one.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_exceptions', table => {
    table.comment(
      'Accepted risks, per entity; revoked and expired ones are kept',
    );
    table.increments('id');
    table.string('entity_ref', 512).notNullable();
    table.string('scope', 16).notNullable().comment('finding, check or item');
    table.string('item_id', 64).notNullable();
    table.string('check_id', 128).nullable();
    table.string('finding_id', 64).nullable();
    table.string('cluster', 255).nullable();
    table.string('kind', 128).nullable();
    table.string('namespace', 255).nullable();
    table.string('name', 512).nullable();
    table.text('justification').notNullable();
    table.string('ticket_url', 2048).nullable();
    table.string('created_by', 512).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('source', 16).notNullable().comment('user or annotation');
    table
      .string('annotation', 255)
      .nullable()
      .comment('the annotation key, for source annotation');
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoked_by', 512).nullable();
    table.text('revoke_reason').nullable();
    table.timestamp('expiry_recorded_at', { useTz: true }).nullable();
    table.index(['entity_ref'], 'kube_security_exceptions_entity_idx');
    table.index(['expires_at'], 'kube_security_exceptions_expiry_idx');
  });

  await knex.schema.createTable('kube_security_attestations', table => {
    table.comment('Statements that an item is done, with evidence, per entity');
    table.increments('id');
    table.string('entity_ref', 512).notNullable();
    table.string('item_id', 64).notNullable();
    table.text('statement').notNullable();
    table.string('evidence_url', 2048).notNullable();
    table.string('created_by', 512).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoked_by', 512).nullable();
    table.text('revoke_reason').nullable();
    table.timestamp('expiry_recorded_at', { useTz: true }).nullable();
    table.index(['entity_ref'], 'kube_security_attestations_entity_idx');
  });

  await knex.schema.createTable('kube_security_audit', table => {
    table.comment('Audit trail of decisions: create, revoke, expire');
    table.increments('id');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 512).notNullable();
    table.string('action', 32).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('item_id', 64).notNullable();
    table.integer('subject_id').notNullable();
    table.text('reason').notNullable();
    table.text('details').nullable().comment('JSON object of strings');
    table.index(['entity_ref', 'at'], 'kube_security_audit_entity_idx');
  });

  await knex.schema.createTable('kube_security_notifications', table => {
    table.comment('Notifications already sent, by a key that names the event');
    table.string('key', 512).primary().notNullable();
    table.timestamp('sent_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_notifications');
  await knex.schema.dropTable('kube_security_audit');
  await knex.schema.dropTable('kube_security_attestations');
  await knex.schema.dropTable('kube_security_exceptions');
};
