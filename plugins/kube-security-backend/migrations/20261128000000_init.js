// @ts-check

/**
 * The Kube Security store.
 *
 * - clusters: one row per configured cluster with its scan state (stale when the last scan
 *   failed; the last good findings stay).
 * - scans: one row per scan attempt.
 * - findings: the current and resolved findings of each cluster, keyed by the engine's stable
 *   finding id, so first_seen_at survives rescans.
 * - item_coverage: how much evidence the last good scan had for each action item.
 * - workloads: the workloads of the last good scan, with the entity they map to.
 * - entity_summaries / team_summaries: the aggregates the overview reads, written after
 *   each scan and each catalog change rather than computed per request.
 * - score_history: one row per entity (or team) per day.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_clusters', table => {
    table.comment(
      'Clusters known to Kube Security and the state of their scans',
    );
    table.string('name', 255).primary().notNullable();
    table.string('provider', 16).nullable().comment('eks, gke, aks or null');
    table
      .string('source', 32)
      .notNullable()
      .comment('kubernetes, snapshot or a module id');
    table.integer('last_scan_id').nullable();
    table.integer('last_good_scan_id').nullable();
    table.timestamp('last_good_scan_at', { useTz: true }).nullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('stale_reason').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('kube_security_scans', table => {
    table.comment('One row per scan attempt of a cluster');
    table.increments('id');
    table.string('cluster', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('running, ok, partial or failed');
    table.text('error').nullable();
    table.text('unreadable_kinds').nullable().comment('JSON array');
    table.text('notes').nullable().comment('JSON array');
    table.integer('object_count').nullable();
    table.integer('finding_count').nullable();
    table.index(['cluster', 'started_at'], 'kube_security_scans_cluster_idx');
  });

  await knex.schema.createTable('kube_security_findings', table => {
    table.comment('Findings per cluster; resolved ones keep resolved_at');
    table.string('id', 64).primary().notNullable();
    table.string('cluster', 255).notNullable();
    table.string('check_id', 128).notNullable();
    table.string('item_id', 64).notNullable();
    table.string('category', 16).notNullable();
    table.string('status', 8).notNullable();
    table.string('severity', 8).notNullable();
    table.text('message').notNullable();
    table.string('kind', 128).notNullable();
    table.string('namespace', 255).nullable();
    table.string('name', 512).notNullable();
    table.string('container', 255).nullable();
    table.text('evidence_path').nullable();
    table.text('labels').nullable().comment('JSON object of workload labels');
    table.boolean('internet_exposed').notNullable().defaultTo(false);
    table.boolean('data_store').notNullable().defaultTo(false);
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.integer('last_scan_id').notNullable();
    table
      .string('entity_ref', 512)
      .nullable()
      .comment('Owning catalog entity; null for unowned findings');
    table.index(
      ['cluster', 'resolved_at'],
      'kube_security_findings_cluster_idx',
    );
    table.index(
      ['entity_ref', 'resolved_at'],
      'kube_security_findings_entity_idx',
    );
  });

  await knex.schema.createTable('kube_security_workloads', table => {
    table.comment('Workloads seen in the last good scan, for catalog mapping');
    table.string('cluster', 255).notNullable();
    table.string('kind', 64).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 512).notNullable();
    table.text('labels').nullable().comment('JSON object');
    table.string('entity_ref', 512).nullable();
    table.primary(['cluster', 'kind', 'namespace', 'name']);
    table.index(['entity_ref'], 'kube_security_workloads_entity_idx');
  });

  await knex.schema.createTable('kube_security_entity_summaries', table => {
    table.comment(
      'Per-entity plan summary, recomputed after scans and catalog changes',
    );
    table.string('entity_ref', 512).primary().notNullable();
    table.string('title', 512).nullable();
    table.text('owner_refs').nullable().comment('JSON array of direct owners');
    table.string('provider', 16).nullable();
    table.text('clusters').notNullable().comment('JSON array of cluster names');
    table.integer('score').nullable();
    table.string('grade', 1).nullable();
    table.float('coverage').notNullable();
    table.integer('open_items').notNullable();
    table
      .text('summary')
      .notNullable()
      .comment('JSON: score, categories, top items');
    table.timestamp('data_from', { useTz: true }).nullable();
  });

  await knex.schema.createTable('kube_security_team_summaries', table => {
    table.comment(
      'Per-team roll-up for the overview page, recomputed with the entity summaries',
    );
    table.string('entity_ref', 512).primary().notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 512).nullable();
    table.string('parent_ref', 512).nullable();
    table.integer('score').nullable();
    table.string('grade', 1).nullable();
    table.float('coverage').notNullable();
    table.integer('open_cloud').notNullable();
    table.integer('open_cluster').notNullable();
    table.integer('open_workload').notNullable();
    table.integer('open_image').notNullable();
    table.integer('open_total').notNullable();
    table.integer('trend').nullable();
    table.integer('entity_count').notNullable();
    table.text('clusters').notNullable().comment('",a,b," for LIKE filters');
    table
      .text('providers')
      .notNullable()
      .comment('",eks,gke," for LIKE filters');
    table.text('summary').notNullable().comment('JSON TeamSummary');
    table.timestamp('last_scan_at', { useTz: true }).nullable();
    table.index(['score'], 'kube_security_team_summaries_score_idx');
  });

  await knex.schema.createTable('kube_security_item_coverage', table => {
    table.comment(
      'Evidence per action item in the last good scan of a cluster',
    );
    table.string('cluster', 255).notNullable();
    table.string('item_id', 64).notNullable();
    table.string('coverage', 8).notNullable().comment('full, partial or none');
    table.text('checks_run').nullable().comment('JSON array of check ids');
    table.primary(['cluster', 'item_id']);
  });

  await knex.schema.createTable('kube_security_score_history', table => {
    table.comment('Daily score per entity or team');
    table.string('entity_ref', 512).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.integer('score').nullable();
    table.string('grade', 1).nullable();
    table.float('coverage').notNullable();
    table.integer('open_items').notNullable();
    table.primary(['entity_ref', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_team_summaries');
  await knex.schema.dropTable('kube_security_entity_summaries');
  await knex.schema.dropTable('kube_security_workloads');
  await knex.schema.dropTable('kube_security_score_history');
  await knex.schema.dropTable('kube_security_item_coverage');
  await knex.schema.dropTable('kube_security_findings');
  await knex.schema.dropTable('kube_security_scans');
  await knex.schema.dropTable('kube_security_clusters');
};
