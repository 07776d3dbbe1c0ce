// @ts-check

/**
 * Notifications are delivered at least once: each is written with its message, claimed by
 * the replica that sends it (a lease: `claimed_at`), and confirmed (`sent_at`) only after
 * the notifications service took it. A failed or unconfirmed send is retried. The keys of
 * notifications already sent (kube_security_notifications) are carried over as sent.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_notification_outbox', table => {
    table.comment('Notifications to deliver, by a key that names the event');
    table.string('key', 512).primary().notNullable();
    table.text('recipients').notNullable().comment('JSON array of entity refs');
    table.text('payload').notNullable().comment('JSON notification payload');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('claimed_at', { useTz: true })
      .nullable()
      .comment('when a replica took it to send; null when free');
    table
      .timestamp('sent_at', { useTz: true })
      .nullable()
      .comment('when the notifications service took it; null until then');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error').nullable();
    table.index(['sent_at', 'claimed_at'], 'kube_security_outbox_due_idx');
  });
  const sent = await knex('kube_security_notifications').select(
    'key',
    'sent_at',
  );
  for (let i = 0; i < sent.length; i += 500) {
    await knex('kube_security_notification_outbox').insert(
      sent.slice(i, i + 500).map(row => ({
        key: row.key,
        recipients: '[]',
        payload: '{}',
        created_at: row.sent_at,
        claimed_at: row.sent_at,
        sent_at: row.sent_at,
        attempts: 1,
      })),
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_notification_outbox');
};
