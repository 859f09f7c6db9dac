// @ts-check

/**
 * Received Notion webhook event ids, so a replay to any replica is refused.
 * Releases before migrations created this table at plugin start; keep it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (await knex.schema.hasTable('control_room_webhook_events')) {
    return;
  }
  await knex.schema.createTable('control_room_webhook_events', table => {
    table.comment('Received Notion webhook event ids until they expire');
    table.string('event_id', 255).primary().notNullable();
    table.bigInteger('expires_at').notNullable().index();
    table.string('claim', 64).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('control_room_webhook_events');
};
