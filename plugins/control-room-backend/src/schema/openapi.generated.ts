// Generated from openapi.yaml; do not edit. Regenerate: see src/schema/README.md
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'control-room',
    version: '1',
    description:
      'Finance PPM Control Room API. Money amounts are exact decimal strings with two decimals (for example "1234.50"), exactly as the lakehouse stores DECIMAL(18,2); ratios (cpi, spi, percentages) are JSON numbers. Every object holding an amount carries `unit`, the currency all its amounts are in: the reporting currency for every figure from the gold marts. When the lakehouse does not answer, reads return the last good answer of the same query and set `as_of` to the time it was read; a fresh answer has no `as_of`.',
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description:
          'Lakehouse health; needs no authentication. Callers without credentials get the status and time only; signed-in users and services also get the engine and, when degraded, the reason.',
        security: [],
        responses: {
          '200': {
            description: 'ok or degraded',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HealthResponse',
                },
              },
            },
          },
        },
      },
    },
    '/jobs': {
      get: {
        operationId: 'ListJobs',
        description: 'The pipeline jobs with their last and next run.',
        responses: {
          '200': {
            description: 'Jobs',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/JobsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/job-runs': {
      get: {
        operationId: 'ListJobRuns',
        description: 'Recorded runs, newest first.',
        parameters: [
          {
            name: 'job',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            $ref: '#/components/parameters/cursor',
          },
          {
            $ref: '#/components/parameters/limit',
          },
        ],
        responses: {
          '200': {
            description: 'Runs',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/JobRunsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/jobs/{id}/run': {
      post: {
        operationId: 'RunJob',
        description: 'Starts a job outside its schedule.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '202': {
            description: 'Started',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RunJobResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/kpis': {
      get: {
        operationId: 'GetKpis',
        description:
          'Budget, committed, actual and variance per dimension and month.',
        parameters: [
          {
            name: 'from',
            in: 'query',
            description:
              'First month, ISO date (YYYY-MM-DD); defaults to twelve months back.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'to',
            in: 'query',
            description:
              'Last month, ISO date; defaults to today; must not precede from.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'dimension',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/Dimension',
            },
          },
        ],
        responses: {
          '200': {
            description: 'KPIs',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/KpiResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/projects': {
      get: {
        operationId: 'ListProjects',
        parameters: [
          {
            name: 'program',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'status',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'health',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/Health',
            },
          },
          {
            name: 'text',
            in: 'query',
            description: 'Case-insensitive substring of the project name.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'sort',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['name', 'budget', 'actual', 'health', 'end_date'],
            },
          },
          {
            $ref: '#/components/parameters/cursor',
          },
          {
            $ref: '#/components/parameters/limit',
          },
        ],
        responses: {
          '200': {
            description: 'Projects',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ProjectsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/projects/{id}': {
      get: {
        operationId: 'GetProject',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'One project with its finance detail',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ProjectDetailResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/projects/{id}/cloud-costs': {
      get: {
        operationId: 'GetProjectCloudCosts',
        description:
          "The project's Azure spend (silver.azure_costs, claimed by its tag or resource group) in the reporting currency, by month next to the Notion actual, and by resource, largest first. Each cost row is converted and rounded to the cent before summing, as in gold.",
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'from',
            in: 'query',
            description:
              'First month, ISO date (YYYY-MM-DD); defaults to twelve months back.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'to',
            in: 'query',
            description:
              'Last month, ISO date; defaults to today; must not precede from.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'limit',
            in: 'query',
            description:
              'Resources listed, largest spend first (1 to 100, default 10).',
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Cloud spend of one project',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ProjectCloudCostsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/programs': {
      get: {
        operationId: 'ListPrograms',
        responses: {
          '200': {
            description: 'Programs with their totals',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ProgramsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/forecast': {
      get: {
        operationId: 'GetForecast',
        parameters: [
          {
            name: 'project',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Latest forecast per project',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ForecastResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/dq/issues': {
      get: {
        operationId: 'ListDqIssues',
        description: 'Failing data-quality checks.',
        parameters: [
          {
            name: 'severity',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['error', 'warn'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'Issues',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DqChecksResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/dq/metrics': {
      get: {
        operationId: 'ListDqMetrics',
        description: 'Latest result of every data-quality check.',
        responses: {
          '200': {
            description: 'Metrics',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DqChecksResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/advisor/recommendations': {
      get: {
        operationId: 'ListAdvisorRecommendations',
        parameters: [
          {
            name: 'category',
            in: 'query',
            schema: {
              type: 'string',
              enum: [
                'Cost',
                'Security',
                'HighAvailability',
                'Performance',
                'OperationalExcellence',
              ],
            },
          },
          {
            name: 'impact',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['High', 'Medium', 'Low'],
            },
          },
          {
            name: 'project',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'has_action',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
          {
            $ref: '#/components/parameters/cursor',
          },
          {
            $ref: '#/components/parameters/limit',
          },
        ],
        responses: {
          '200': {
            description: 'Recommendations, largest annual savings first',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AdvisorRecommendationsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/advisor/summary': {
      get: {
        operationId: 'GetAdvisorSummary',
        responses: {
          '200': {
            description: 'Counts and savings per category and impact',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AdvisorSummaryResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/alerts': {
      get: {
        operationId: 'ListAlerts',
        description:
          'Open alerts (failing jobs, missed schedules, failing error-severity data-quality checks, red projects, new high-impact Advisor findings), oldest first, as of the last evaluation after a job run.',
        responses: {
          '200': {
            description: 'Open alerts',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AlertsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/notion/actions': {
      post: {
        operationId: 'CreateNotionAction',
        description:
          "Creates an action page in Notion. Idempotent on (source, source_id): a second request for the same finding returns the existing page. A project_id that is not a known live project answers 422 and creates nothing; a request Notion rejects answers 400 with Notion's message. Creation is once-only across replicas and entry points.",
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              "Makes an action without a source_id (a `manual` one) once-only: a repeat with the same key answers the first action with `created: false`. The key becomes the page's Source ID.",
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateActionRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Created, or found already',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CreateActionResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/webhooks/notion': {
      post: {
        operationId: 'NotionWebhook',
        description:
          'Notion webhook receiver; needs no Backstage credentials but a valid X-Notion-Signature (sha256= HMAC of the raw body with the verification token). The verification handshake carries `verification_token`. Events whose `timestamp` is more than five minutes old answer 401, and an event `id` already received answers 409.',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: true,
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Accepted',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['accepted'],
                  properties: {
                    accepted: {
                      type: 'boolean',
                    },
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      cursor: {
        name: 'cursor',
        in: 'query',
        description: "Opaque cursor from the previous page's next_cursor.",
        schema: {
          type: 'string',
        },
      },
      limit: {
        name: 'limit',
        in: 'query',
        description: 'Page size, 1 to 500; default 50.',
        schema: {
          type: 'string',
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: 'An error',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        additionalProperties: false,
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      Money: {
        type: 'string',
        description: 'Exact decimal with two decimals, for example "1234.50".',
        pattern: '^-?\\d+\\.\\d{2}$',
      },
      Currency: {
        type: 'string',
        description:
          "ISO 4217 code of the currency the object's amounts are in; gold figures are in the reporting currency.",
        pattern: '^[A-Z]{3}$',
      },
      Dimension: {
        type: 'string',
        description:
          'The member the KPI rows are per. `portfolio` is the program rows summed per metric, month and unit (one member, `All programs`); it is answered only when asked for, so an answer without `dimension` holds the other four.',
        enum: ['program', 'project', 'category', 'vendor', 'portfolio'],
      },
      Health: {
        type: 'string',
        enum: ['red', 'amber', 'green'],
      },
      HealthResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'checked_at'],
        properties: {
          status: {
            type: 'string',
            enum: ['ok', 'degraded'],
          },
          engine: {
            type: 'string',
            enum: ['duckdb', 'databricks'],
          },
          checked_at: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
      },
      Job: {
        type: 'object',
        additionalProperties: false,
        required: ['job_id', 'job_name', 'schedule'],
        properties: {
          job_id: {
            type: 'string',
          },
          job_name: {
            type: 'string',
          },
          schedule: {
            type: 'string',
          },
          last_run_status: {
            type: 'string',
            enum: ['SUCCESS', 'FAILED', 'RUNNING', 'PENDING'],
          },
          last_run_time: {
            type: 'string',
          },
          last_run_duration_seconds: {
            type: 'number',
          },
          next_run_time: {
            type: 'string',
          },
          error_message: {
            type: 'string',
          },
        },
      },
      JobsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Job',
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      JobRun: {
        type: 'object',
        additionalProperties: false,
        required: [
          'run_id',
          'job_id',
          'job_name',
          'status',
          'trigger',
          'started_at',
        ],
        properties: {
          run_id: {
            type: 'string',
          },
          job_id: {
            type: 'string',
          },
          job_name: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          trigger: {
            type: 'string',
          },
          started_at: {
            type: 'string',
          },
          ended_at: {
            type: 'string',
          },
          duration_seconds: {
            type: 'number',
          },
          rows_written: {
            type: 'number',
          },
          error_message: {
            type: 'string',
          },
        },
      },
      JobRunsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/JobRun',
            },
          },
          next_cursor: {
            type: 'string',
          },
          as_of: {
            type: 'string',
          },
        },
      },
      RunJobResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['job_id', 'started'],
        properties: {
          job_id: {
            type: 'string',
          },
          started: {
            type: 'boolean',
          },
        },
      },
      Kpi: {
        type: 'object',
        additionalProperties: false,
        required: [
          'metric_name',
          'dimension',
          'dimension_value',
          'period',
          'value',
          'unit',
        ],
        properties: {
          metric_name: {
            type: 'string',
          },
          dimension: {
            type: 'string',
          },
          dimension_value: {
            type: 'string',
          },
          period: {
            type: 'string',
          },
          value: {
            $ref: '#/components/schemas/Money',
          },
          unit: {
            type: 'string',
          },
        },
      },
      KpiResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data', 'meta'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Kpi',
            },
          },
          meta: {
            type: 'object',
            additionalProperties: false,
            required: ['from', 'to', 'total_records'],
            properties: {
              from: {
                type: 'string',
              },
              to: {
                type: 'string',
              },
              total_records: {
                type: 'number',
              },
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      ProjectSummary: {
        type: 'object',
        additionalProperties: false,
        required: ['project_id', 'name', 'budget', 'actual', 'unit'],
        properties: {
          project_id: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          program_id: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          start_date: {
            type: 'string',
          },
          end_date: {
            type: 'string',
          },
          notion_url: {
            type: 'string',
          },
          health: {
            $ref: '#/components/schemas/Health',
          },
          budget: {
            $ref: '#/components/schemas/Money',
          },
          actual: {
            $ref: '#/components/schemas/Money',
          },
          cloud_actual: {
            $ref: '#/components/schemas/Money',
          },
          cloud_actual_unit: {
            type: 'string',
            description: 'Currency of cloud_actual (the reporting currency).',
          },
          unit: {
            $ref: '#/components/schemas/Currency',
          },
        },
      },
      ProjectsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ProjectSummary',
            },
          },
          next_cursor: {
            type: 'string',
          },
          as_of: {
            type: 'string',
          },
        },
      },
      ProjectDetailResponse: {
        type: 'object',
        additionalProperties: false,
        required: [
          'project',
          'series',
          'risks',
          'actions',
          'resources',
          'recommendations',
        ],
        properties: {
          project: {
            $ref: '#/components/schemas/ProjectSummary',
          },
          series: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['period', 'budget', 'actual', 'unit'],
              properties: {
                period: {
                  type: 'string',
                },
                budget: {
                  $ref: '#/components/schemas/Money',
                },
                committed: {
                  $ref: '#/components/schemas/Money',
                },
                actual: {
                  $ref: '#/components/schemas/Money',
                },
                unit: {
                  $ref: '#/components/schemas/Currency',
                },
              },
            },
          },
          forecast: {
            $ref: '#/components/schemas/Forecast',
          },
          health_detail: {
            type: 'object',
            additionalProperties: false,
            required: ['health', 'reasons'],
            properties: {
              health: {
                $ref: '#/components/schemas/Health',
              },
              reasons: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              cpi: {
                type: 'number',
              },
              spi: {
                type: 'number',
              },
            },
          },
          risks: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['risk_id', 'title'],
              properties: {
                risk_id: {
                  type: 'string',
                },
                title: {
                  type: 'string',
                },
                impact: {
                  type: 'string',
                },
                probability: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                },
                due_date: {
                  type: 'string',
                },
              },
            },
          },
          actions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['action_id', 'title'],
              properties: {
                action_id: {
                  type: 'string',
                },
                title: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                },
                assignee: {
                  type: 'string',
                },
                due_date: {
                  type: 'string',
                },
                source: {
                  type: 'string',
                },
                source_id: {
                  type: 'string',
                },
                notion_url: {
                  type: 'string',
                },
              },
            },
          },
          resources: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['resource_id'],
              properties: {
                resource_id: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                type: {
                  type: 'string',
                },
                location: {
                  type: 'string',
                },
              },
            },
          },
          recommendations: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AdvisorRecommendation',
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      CloudCostMonth: {
        type: 'object',
        additionalProperties: false,
        required: ['period', 'cloud_actual', 'unit'],
        properties: {
          period: {
            type: 'string',
            description: 'First day of the month.',
          },
          cloud_actual: {
            $ref: '#/components/schemas/Money',
          },
          actual: {
            description:
              'The Notion-reported actual of the month, for comparison.',
            $ref: '#/components/schemas/Money',
          },
          unit: {
            type: 'string',
          },
        },
      },
      CloudCostResource: {
        type: 'object',
        additionalProperties: false,
        required: ['resource_id', 'cloud_actual', 'unit'],
        properties: {
          resource_id: {
            type: 'string',
            description:
              'Lower-cased Azure resource id (or the group or scope of a charge without one).',
          },
          name: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          resource_group: {
            type: 'string',
          },
          cloud_actual: {
            $ref: '#/components/schemas/Money',
          },
          unit: {
            type: 'string',
          },
        },
      },
      ProjectCloudCostsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['project_id', 'total', 'unit', 'months', 'resources'],
        properties: {
          project_id: {
            type: 'string',
          },
          total: {
            $ref: '#/components/schemas/Money',
          },
          unit: {
            type: 'string',
            description: 'Reporting currency of every amount.',
          },
          months: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CloudCostMonth',
            },
          },
          resources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CloudCostResource',
            },
          },
          unconverted_rows: {
            type: 'number',
            description:
              'Cost rows left out because their currency has no configured rate.',
          },
          as_of: {
            type: 'string',
          },
        },
      },
      Program: {
        type: 'object',
        additionalProperties: false,
        required: [
          'program_id',
          'name',
          'project_count',
          'budget',
          'actual',
          'unit',
        ],
        properties: {
          program_id: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          project_count: {
            type: 'number',
          },
          budget: {
            $ref: '#/components/schemas/Money',
          },
          actual: {
            $ref: '#/components/schemas/Money',
          },
          unit: {
            $ref: '#/components/schemas/Currency',
          },
        },
      },
      ProgramsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Program',
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      Forecast: {
        type: 'object',
        additionalProperties: false,
        required: ['project_id', 'period', 'unit'],
        properties: {
          project_id: {
            type: 'string',
          },
          period: {
            type: 'string',
          },
          budget_at_completion: {
            $ref: '#/components/schemas/Money',
          },
          actual_cost: {
            $ref: '#/components/schemas/Money',
          },
          earned_value: {
            $ref: '#/components/schemas/Money',
          },
          eac: {
            $ref: '#/components/schemas/Money',
          },
          etc: {
            $ref: '#/components/schemas/Money',
          },
          vac: {
            $ref: '#/components/schemas/Money',
          },
          cpi: {
            type: 'number',
          },
          spi: {
            type: 'number',
          },
          budget_exhausted_on: {
            type: 'string',
          },
          unit: {
            $ref: '#/components/schemas/Currency',
          },
        },
      },
      ForecastResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Forecast',
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      DqCheck: {
        type: 'object',
        additionalProperties: false,
        required: ['check_id', 'table_name', 'status'],
        properties: {
          check_id: {
            type: 'string',
          },
          table_name: {
            type: 'string',
          },
          check_kind: {
            type: 'string',
          },
          severity: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          failing_rows: {
            type: 'number',
          },
          sample_keys: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          measured_at: {
            type: 'string',
          },
        },
      },
      DqChecksResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DqCheck',
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      AdvisorRecommendation: {
        type: 'object',
        additionalProperties: false,
        required: ['recommendation_id', 'has_action', 'unit'],
        properties: {
          recommendation_id: {
            type: 'string',
          },
          project_id: {
            type: 'string',
          },
          project_name: {
            type: 'string',
            description: 'Name of the project in Notion.',
          },
          program_id: {
            type: 'string',
          },
          category: {
            type: 'string',
          },
          impact: {
            type: 'string',
          },
          problem: {
            type: 'string',
          },
          solution: {
            type: 'string',
          },
          resource_id: {
            type: 'string',
          },
          monthly_savings: {
            $ref: '#/components/schemas/Money',
          },
          annual_savings: {
            $ref: '#/components/schemas/Money',
          },
          unit: {
            $ref: '#/components/schemas/Currency',
          },
          action_id: {
            type: 'string',
          },
          action_title: {
            type: 'string',
            description: 'Title of the Notion action raised for it.',
          },
          action_url: {
            type: 'string',
            description: 'The Notion page of that action.',
          },
          has_action: {
            type: 'boolean',
          },
        },
      },
      AdvisorRecommendationsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AdvisorRecommendation',
            },
          },
          next_cursor: {
            type: 'string',
          },
          as_of: {
            type: 'string',
          },
        },
      },
      AdvisorSummaryResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: [
                'category',
                'impact',
                'count',
                'monthly_savings',
                'annual_savings',
                'with_action',
                'unit',
              ],
              properties: {
                category: {
                  type: 'string',
                },
                impact: {
                  type: 'string',
                },
                count: {
                  type: 'number',
                },
                with_action: {
                  type: 'number',
                },
                monthly_savings: {
                  $ref: '#/components/schemas/Money',
                },
                annual_savings: {
                  $ref: '#/components/schemas/Money',
                },
                unit: {
                  $ref: '#/components/schemas/Currency',
                },
              },
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      OpenAlert: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'key', 'title', 'severity', 'since', 'link'],
        properties: {
          kind: {
            type: 'string',
            enum: ['jobs', 'dataQuality', 'projectHealth', 'advisor'],
          },
          key: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          severity: {
            type: 'string',
            enum: ['critical', 'high', 'normal', 'low'],
          },
          since: {
            type: 'string',
          },
          link: {
            type: 'string',
          },
          project_id: {
            type: 'string',
          },
        },
      },
      AlertsResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OpenAlert',
            },
          },
          as_of: {
            type: 'string',
          },
        },
      },
      CreateActionRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['project_id', 'title', 'source'],
        properties: {
          project_id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          assignee: {
            type: 'string',
            description:
              'Email of the Notion workspace member to assign. An email no member has leaves the action unassigned (and a warning logged).',
          },
          due_date: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['advisor', 'dq', 'manual'],
          },
          source_id: {
            type: 'string',
          },
          children: {
            type: 'array',
            maxItems: 100,
            description:
              "Page content as Notion block objects, as in the `children` of Notion's create-page request (the scaffolder action sends its description this way). Notion checks the blocks; a block it rejects answers 400 with Notion's message.",
            items: {
              type: 'object',
              additionalProperties: true,
            },
          },
        },
      },
      CreateActionResponse: {
        type: 'object',
        additionalProperties: false,
        required: ['success', 'action_id', 'notion_url', 'created'],
        properties: {
          success: {
            type: 'boolean',
          },
          action_id: {
            type: 'string',
          },
          notion_url: {
            type: 'string',
          },
          created: {
            type: 'boolean',
            description:
              'false when an action for the same source already existed.',
          },
        },
      },
    },
  },
} as const;
