import { CfnOutput, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { createTableInput, TABLE } from "../../functions/src/adapters/dynamo/table.js";

type KeySchema = NonNullable<ReturnType<typeof createTableInput>["KeySchema"]>;

const attributeTypes: Record<string, AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

/** The stateful half of Pulse: the table and the secrets, kept apart so app deploys never touch them. */
export class DataStack extends Stack {
  readonly table: Table;
  /** JSON `{ intakeSecret, linkSecret }`, both generated at deploy. */
  readonly secrets: Secret;
  /** JSON `{ originSecret }` (and `previousOriginSecret` during a rotation): the header CloudFront sends the API. */
  readonly originSecret: Secret;
  /** JSON `{ "<connector>": "<secret>" }`: each ITSM connector's bearer or signing secret, set by whoever sets it up. */
  readonly connectorSecrets: Secret;
  /** JSON `{ "v1": "..." }`: the keys that seal webhook credentials in the table (the newest seals), generated at deploy. */
  readonly fieldKeys: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Read keys and indexes from the same CreateTable input that the local bootstrap uses;
    // the name passed here is a placeholder that CloudFormation's generated name replaces.
    const input = createTableInput("unused");
    const key = (schema: KeySchema | undefined) => {
      const attribute = (role: "HASH" | "RANGE") => {
        const name = schema?.find((element) => element.KeyType === role)?.AttributeName;
        const definition = input.AttributeDefinitions?.find((d) => d.AttributeName === name);
        const type = definition?.AttributeType ? attributeTypes[definition.AttributeType] : undefined;
        if (!name || !type) throw new Error(`table.ts declares no typed ${role} key attribute`);
        return { name, type };
      };
      return { partitionKey: attribute("HASH"), sortKey: attribute("RANGE") };
    };

    this.table = new Table(this, "Table", {
      ...key(input.KeySchema),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: StreamViewType[TABLE.stream],
    });
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      if (!index.IndexName || index.Projection?.ProjectionType !== "ALL") {
        throw new Error(
          "table.ts declares an index without a name or with a projection the stack does not map",
        );
      }
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        ...key(index.KeySchema),
        projectionType: ProjectionType.ALL,
      });
    }

    // CloudFormation generates one random value per secret, so the link secret is generated in a
    // secret of its own and pulled into the app's secret by a dynamic reference at deploy time.
    const linkSecretSeed = new Secret(this, "LinkSecretSeed", {
      description: "Pulse: random seed of linkSecret (read only by CloudFormation into PulseSecrets)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.secrets = new Secret(this, "Secrets", {
      description: "Pulse: JSON { intakeSecret, linkSecret }",
      generateSecretString: {
        secretStringTemplate: this.toJsonString({
          linkSecret: SecretValue.secretsManager(linkSecretSeed.secretArn).unsafeUnwrap(),
        }),
        generateStringKey: "intakeSecret",
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A secret of its own: changing the generated template of `secrets` would make CloudFormation generate new
    // intake and link secrets, breaking the ITSM webhook and every link already mailed.
    this.originSecret = new Secret(this, "OriginSecret", {
      description: "Pulse: JSON { originSecret, previousOriginSecret? }, the header CloudFront sends the API",
      generateSecretString: {
        secretStringTemplate: "{}",
        generateStringKey: "originSecret",
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.originSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotating it means updating CloudFront's origin header in the same step (README: rotating the origin secret), which a rotation Lambda cannot do; the app accepts the previous value meanwhile.",
    });

    // Empty at first: a tool that signs generates its own secret (Zendesk, GLPI), so each is put here by hand.
    this.connectorSecrets = new Secret(this, "ConnectorSecrets", {
      description: 'Pulse: JSON { "servicenow": "...", "jira": "...", ... }, one secret per ITSM connector',
      secretObjectValue: {},
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.connectorSecrets).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Each value is shared with an ITSM tool (or generated by it: Zendesk's and GLPI's signing secrets), so rotating it is a coordinated manual step in that tool (docs/connectors).",
    });

    // A secret of its own, read only by the webhooks and outbound functions: a backup or an export of the table,
    // or a role that may read it, shows webhook secrets and ITSM credentials only sealed with these keys.
    this.fieldKeys = new Secret(this, "FieldKeys", {
      description: 'Pulse: JSON { "v1": "..." }, the keys that seal stored webhook credentials',
      generateSecretString: {
        secretStringTemplate: "{}",
        generateStringKey: "v1",
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.fieldKeys).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "A rotation must keep the old key beside the new one until every value sealed with it is sealed again (README: rotating the field keys), which a rotation Lambda replacing the value cannot do.",
    });

    Validations.of(this.secrets).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "intakeSecret is shared with the ITSM tool's webhook, so rotating it is a coordinated manual step; rotating linkSecret would break survey links already in mailboxes.",
    });
    Validations.of(linkSecretSeed).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "A seed read once by CloudFormation into PulseSecrets; rotating it would change nothing the app reads.",
    });

    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "OriginSecretArn", {
      value: this.originSecret.secretArn,
      description: "JSON { originSecret, previousOriginSecret? }",
    });
    new CfnOutput(this, "ConnectorSecretsArn", {
      value: this.connectorSecrets.secretArn,
      description:
        'JSON { "servicenow": "...", "jira": "...", "zendesk": "...", "freshservice": "...", "glpi": "..." }',
    });
    new CfnOutput(this, "FieldKeysArn", {
      value: this.fieldKeys.secretArn,
      description: 'JSON { "v1": "..." }: the keys that seal stored webhook credentials',
    });
    new CfnOutput(this, "SecretsArn", {
      value: this.secrets.secretArn,
      description: "JSON { intakeSecret, linkSecret }",
    });
  }
}
