export interface Config {
  kubeSecurity?: {
    /**
     * The example permission policy of Kube Security (module `permission`/`kube-security-policy`).
     * See docs/permissions.md.
     */
    permissionPolicy?: {
      /**
       * Entity refs of the groups whose members may accept risks and attest on any entity,
       * e.g. `group:default/security`. A ref without a kind is a group; a ref without a
       * namespace is in `default`. User refs are accepted too. Everyone else may act only on
       * the entities their team owns. Default: [`group:default/security`].
       */
      securityGroups?: string[];
      /**
       * When true, users outside the security groups read only the findings, plans, teams
       * and decisions of the entities their teams own. Default false.
       */
      readOwnedOnly?: boolean;
    };
  };
}
