// @ts-check

/**
 * One row per Notion action being or having been created, under a unique
 * key, so replicas and entry points (REST, MCP, scaffolder) create it once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('control_room_action_claims', table => {
    table.comment('Claims on creating a Notion action, one per source key');
    // sha256 of [source, source_id]: source ids can be longer than an index allows.
    table.string('claim_key', 64).primary().notNullable();
    table.string('source', 64).notNullable();
    table.text('source_id').notNullable();
    table.string('claim_token', 64).notNullable();
    table.bigInteger('claimed_at').notNullable();
    table.string('action_id', 255).nullable();
    table.text('notion_url').nullable();
    table.bigInteger('finished_at').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('control_room_action_claims');
};
