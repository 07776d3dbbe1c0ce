// @ts-check

/**
 * Each team's score in each category (its roll-up's category view), so that `GET /teams`
 * with a category selected sorts and pages in SQL and reads the roll-ups of the page only.
 * A roll-up stored without category views is shown with its overall score, so that score
 * fills its columns. Written with the roll-ups; filled here from the stored ones.
 */

const CATEGORIES = ['cloud', 'cluster', 'workload', 'image'];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kube_security_team_summaries', table => {
    for (const category of CATEGORIES) {
      table
        .integer(`score_${category}`)
        .nullable()
        .comment(`The team's score over the ${category} items only`);
    }
  });
  const rows = await knex('kube_security_team_summaries').select(
    'entity_ref',
    'summary',
  );
  for (const row of rows) {
    /** @type {{ summary: { score: { value: number | null } }, categoryViews?: Record<string, { score: { value: number | null } }> }} */
    const rollup = JSON.parse(row.summary);
    /** @type {Record<string, number | null>} */
    const scores = {};
    for (const category of CATEGORIES) {
      const view = rollup.categoryViews?.[category];
      scores[`score_${category}`] = view
        ? view.score.value
        : rollup.summary.score.value;
    }
    await knex('kube_security_team_summaries')
      .where({ entity_ref: row.entity_ref })
      .update(scores);
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kube_security_team_summaries', table => {
    for (const category of CATEGORIES) table.dropColumn(`score_${category}`);
  });
};
