// @ts-check

/**
 * The entities of each team (its own and its child teams', as the roll-up counts them),
 * one row each, with the entity's score: the team scorecard sorts and pages a team's
 * entities on this table instead of sending the database the roll-up's list of refs.
 * Written with the roll-ups; filled here from the stored roll-ups and entity summaries.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kube_security_team_members', table => {
    table.comment(
      'The entities of each team and of its child teams, with their score, written with the roll-ups',
    );
    table.string('team_ref', 512).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.integer('score').nullable();
    table.primary(['team_ref', 'entity_ref']);
    table.index(['team_ref', 'score'], 'kube_security_team_members_score_idx');
    table.index(['entity_ref'], 'kube_security_team_members_entity_idx');
  });

  const scores = new Map();
  for (const row of await knex('kube_security_entity_summaries').select(
    'entity_ref',
    'score',
  )) {
    scores.set(row.entity_ref, row.score ?? null);
  }
  const teams = await knex('kube_security_team_summaries').select(
    'entity_ref',
    'summary',
  );
  /** @type {Array<{ team_ref: string, entity_ref: string, score: number | null }>} */
  let rows = [];
  const flush = async () => {
    if (rows.length) await knex('kube_security_team_members').insert(rows);
    rows = [];
  };
  for (const team of teams) {
    /** @type {{ entityRefs?: string[] }} */
    const rollup = JSON.parse(team.summary);
    for (const ref of new Set(rollup.entityRefs ?? [])) {
      if (!scores.has(ref)) continue;
      rows.push({
        team_ref: team.entity_ref,
        entity_ref: ref,
        score: scores.get(ref),
      });
      if (rows.length >= 500) await flush();
    }
  }
  await flush();
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kube_security_team_members');
};
