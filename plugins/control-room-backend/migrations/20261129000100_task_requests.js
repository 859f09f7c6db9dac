// @ts-check

/**
 * Requests for a scheduler task to run (run-now, webhooks, a new action,
 * startup), so whichever replica the scheduler hands the task to knows
 * why it runs and what it was asked for.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('control_room_task_requests', table => {
    table.comment('Pending requests for a scheduler task to run');
    table.increments('request_id').primary();
    table.string('task_id', 255).notNullable().index();
    // manual | webhook | startup
    table.string('trigger', 32).notNullable();
    // What to run, when the task can do part of its work (a Notion database).
    table.string('detail', 255).nullable();
    table.bigInteger('requested_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('control_room_task_requests');
};
